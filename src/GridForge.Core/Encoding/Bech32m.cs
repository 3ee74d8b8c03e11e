namespace GridForge.Core.Encoding;

/// <summary>Bech32m (BIP-350): a checksummed text form for binary identifiers.</summary>
public static class Bech32m
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const uint Constant = 0x2bc830a3;

    public static string Encode(string hrp, ReadOnlySpan<byte> data)
    {
        // Span-based: addresses are printed in every event, so this stays allocation-light.
        var valueCount = ((data.Length * 8) + 4) / 5;
        Span<byte> values = valueCount <= 256 ? stackalloc byte[valueCount] : new byte[valueCount];
        int acc = 0, bits = 0, n = 0;
        foreach (var b in data)
        {
            acc = (acc << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                values[n++] = (byte)((acc >> bits) & 31);
            }
        }

        if (bits > 0) values[n++] = (byte)((acc << (5 - bits)) & 31);

        var chk = HrpChecksumState(hrp);
        foreach (var v in values) chk = PolymodStep(chk, v);
        for (var i = 0; i < 6; i++) chk = PolymodStep(chk, 0);
        chk ^= Constant;

        return Compose(hrp, values, chk);
    }

    private static string Compose(string hrp, ReadOnlySpan<byte> values, uint chk)
    {
        Span<char> chars = stackalloc char[hrp.Length + 1 + values.Length + 6];
        hrp.AsSpan().CopyTo(chars);
        chars[hrp.Length] = '1';
        var offset = hrp.Length + 1;
        for (var i = 0; i < values.Length; i++) chars[offset + i] = Charset[values[i]];
        for (var i = 0; i < 6; i++) chars[offset + values.Length + i] = Charset[(int)((chk >> (5 * (5 - i))) & 31)];
        return new string(chars);
    }

    private static uint HrpChecksumState(string hrp)
    {
        uint chk = 1;
        foreach (var c in hrp) chk = PolymodStep(chk, (byte)(c >> 5));
        chk = PolymodStep(chk, 0);
        foreach (var c in hrp) chk = PolymodStep(chk, (byte)(c & 31));
        return chk;
    }

    private static uint PolymodStep(uint chk, byte value)
    {
        var top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        if ((top & 1) != 0) chk ^= 0x3b6a57b2;
        if ((top & 2) != 0) chk ^= 0x26508e6d;
        if ((top & 4) != 0) chk ^= 0x1ea119fa;
        if ((top & 8) != 0) chk ^= 0x3d4233dd;
        if ((top & 16) != 0) chk ^= 0x2a1462b3;
        return chk;
    }

    /// <summary>Decodes and checks the checksum; returns null with a reason when the text is not valid Bech32m.</summary>
    public static byte[]? Decode(string text, string expectedHrp, out string? error)
    {
        error = null;
        // Separator plus six checksum characters; the data part may be empty (BIP-350 "a1lqfn3a").
        if (text.Length > 120 || text.Length < expectedHrp.Length + 7)
        {
            error = "wrong length";
            return null;
        }

        // Only printable ASCII (BIP-173): non-ASCII letters such as the Kelvin sign would otherwise case-fold into the alphabet.
        foreach (var c in text)
        {
            if (c is < '!' or > '~')
            {
                error = $"invalid character U+{(int)c:X4}";
                return null;
            }
        }

        var lower = text.ToLowerInvariant();
        if (lower != text && text.ToUpperInvariant() != text)
        {
            error = "mixed case";
            return null;
        }

        var sep = lower.LastIndexOf('1');
        if (sep < 1 || lower[..sep] != expectedHrp)
        {
            error = $"expected the prefix '{expectedHrp}1'";
            return null;
        }

        var values = new byte[lower.Length - sep - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var idx = Charset.IndexOf(lower[sep + 1 + i], StringComparison.Ordinal);
            if (idx < 0)
            {
                error = $"invalid character '{lower[sep + 1 + i]}'";
                return null;
            }

            values[i] = (byte)idx;
        }

        var check = HrpChecksumState(expectedHrp);
        foreach (var v in values) check = PolymodStep(check, v);
        if (check != Constant)
        {
            error = "checksum mismatch";
            return null;
        }

        var data = ConvertBits(values.AsSpan(0, values.Length - 6), 5, 8, pad: false);
        if (data is null)
        {
            error = "invalid padding";
        }

        return data;
    }

    private static byte[]? ConvertBits(ReadOnlySpan<byte> data, int from, int to, bool pad)
    {
        var acc = 0;
        var bits = 0;
        var maxv = (1 << to) - 1;
        var result = new List<byte>(data.Length * from / to + 1);
        foreach (var value in data)
        {
            acc = (acc << from) | value;
            bits += from;
            while (bits >= to)
            {
                bits -= to;
                result.Add((byte)((acc >> bits) & maxv));
            }
        }

        if (pad)
        {
            if (bits > 0) result.Add((byte)((acc << (to - bits)) & maxv));
        }
        else if (bits >= from || ((acc << (to - bits)) & maxv) != 0)
        {
            return null;
        }

        return [.. result];
    }
}
