using System.Text;

namespace GridForge.Core.Encoding;

/// <summary>Bech32m (BIP-350): a checksummed text form for binary identifiers.</summary>
public static class Bech32m
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const uint Constant = 0x2bc830a3;

    public static string Encode(string hrp, ReadOnlySpan<byte> data)
    {
        var values = ConvertBits(data, 8, 5, pad: true)!;
        var checksum = CreateChecksum(hrp, values);
        var sb = new StringBuilder(hrp.Length + 1 + values.Length + 6);
        sb.Append(hrp).Append('1');
        foreach (var v in values) sb.Append(Charset[v]);
        foreach (var v in checksum) sb.Append(Charset[v]);
        return sb.ToString();
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

        if (Polymod(ExpandHrp(expectedHrp).Concat(values)) != Constant)
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

    private static byte[] CreateChecksum(string hrp, byte[] values)
    {
        var poly = Polymod(ExpandHrp(hrp).Concat(values).Concat(new byte[6])) ^ Constant;
        var result = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            result[i] = (byte)((poly >> (5 * (5 - i))) & 31);
        }

        return result;
    }

    private static IEnumerable<byte> ExpandHrp(string hrp)
    {
        foreach (var c in hrp) yield return (byte)(c >> 5);
        yield return 0;
        foreach (var c in hrp) yield return (byte)(c & 31);
    }

    private static uint Polymod(IEnumerable<byte> values)
    {
        uint[] gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
        uint chk = 1;
        foreach (var v in values)
        {
            var top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (var i = 0; i < 5; i++)
            {
                if (((top >> i) & 1) != 0) chk ^= gen[i];
            }
        }

        return chk;
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
