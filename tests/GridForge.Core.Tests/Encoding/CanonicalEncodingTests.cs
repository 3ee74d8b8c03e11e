using GridForge.Core.Encoding;

namespace GridForge.Core.Tests.Encoding;

public class CanonicalEncodingTests
{
    private sealed record Fields(
        byte U8, bool Bool, ushort U16, uint U32, ulong U64, long I64,
        byte[] Raw, byte[] Bytes, string Text, Hash32 Hash, Address Address);

    // Any string of whole Unicode scalars (surrogate pairs included, lone surrogates not).
    private static readonly Gen<string> GenText =
        Gen.OneOf(Gen.Int[0, 0xD7FF], Gen.Int[0xE000, 0x10FFFF], Gen.Int[0x20, 0x7E]).Array[0, 12]
            .Select(cps => string.Concat(cps.Select(char.ConvertFromUtf32)));

    private static readonly Gen<Fields> GenFields = Gen.Select(
        Gen.Select(Gen.Byte, Gen.Bool, Gen.UShort, Gen.UInt, Gen.ULong, Gen.Long),
        Gen.Select(Gen.Byte.Array[0, 40], Gen.Byte.Array[0, 40], GenText, TestData.AnyHash, TestData.AnyAddress),
        (a, b) => new Fields(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6,
            b.Item1, b.Item2, b.Item3, b.Item4, b.Item5));

    private static byte[] Write(Fields f) => new CanonicalWriter(16)
        .U8(f.U8).Bool(f.Bool).U16(f.U16).U32(f.U32).U64(f.U64).I64(f.I64)
        .U32((uint)f.Raw.Length).Raw(f.Raw).Bytes(f.Bytes).String(f.Text).Hash(f.Hash).Address(f.Address)
        .ToArray();

    private static Fields Read(ref CanonicalReader r)
    {
        var u8 = r.U8();
        var b = r.Bool();
        var u16 = r.U16();
        var u32 = r.U32();
        var u64 = r.U64();
        var i64 = r.I64();
        var rawLength = (int)Math.Min(r.U32(), 1000u);
        var raw = r.Raw(rawLength, "raw").ToArray();
        var bytes = r.Bytes(1000).ToArray();
        var text = r.String(1000);
        var hash = r.Hash();
        var address = r.Address();
        return new Fields(u8, b, u16, u32, u64, i64, raw, bytes, text, hash, address);
    }

    private static void AssertSame(Fields expected, Fields actual)
    {
        Assert.Equal(
            expected with { Raw = Array.Empty<byte>(), Bytes = Array.Empty<byte>() },
            actual with { Raw = Array.Empty<byte>(), Bytes = Array.Empty<byte>() });
        Assert.Equal(expected.Raw, actual.Raw);
        Assert.Equal(expected.Bytes, actual.Bytes);
    }

    [Fact]
    public void Canonical_WriteThenRead_RoundTripsEveryType()
    {
        GenFields.Sample(fields =>
        {
            var encoded = Write(fields);
            var reader = new CanonicalReader(encoded);
            var decoded = Read(ref reader);
            reader.End();

            Assert.Null(reader.Error);
            Assert.True(reader.Ok);
            Assert.Equal(0, reader.Remaining);
            AssertSame(fields, decoded);
        }, iter: 500);
    }

    [Fact]
    public void Canonical_128BitIntegers_RoundTripAtTheirExtremes_LittleEndian()
    {
        Gen.Select(Gen.ULong, Gen.ULong).Select((hi, lo) => (Signed: new Int128(hi, lo), Unsigned: new UInt128(hi, lo)))
            .Sample(v =>
            {
                var r = new CanonicalReader(new CanonicalWriter(32).I128(v.Signed).U128(v.Unsigned).ToArray());
                Assert.Equal((v.Signed, v.Unsigned), (r.I128(), r.U128()));
                r.End("values");
                Assert.True(r.Ok);
            });
        foreach (var (signed, unsigned) in new[] { (Int128.MinValue, UInt128.MinValue), (Int128.MaxValue, UInt128.MaxValue), ((Int128)(-1), (UInt128)1) })
        {
            var bytes = new CanonicalWriter(32).I128(signed).U128(unsigned).ToArray();
            var r = new CanonicalReader(bytes);
            Assert.Equal((signed, unsigned), (r.I128(), r.U128()));
        }

        Assert.Equal("0100000000000000000000000000000000", Convert.ToHexStringLower(new CanonicalWriter(16).U128(1).U8(0).ToArray()));
        var truncated = new CanonicalReader(new byte[15]);
        Assert.Equal(Int128.Zero, truncated.I128("amount"));
        Assert.False(truncated.Ok);
    }

    [Fact]
    public void Canonical_SameValues_AlwaysGiveTheSameBytes()
    {
        GenFields.Sample(fields =>
        {
            var writer = new CanonicalWriter(16);
            writer.U64(12345).Reset();
            Assert.Equal(Write(fields), writer.Raw(Write(fields)).ToArray());
            Assert.Equal(Write(fields), Write(fields with { Raw = [.. fields.Raw], Bytes = [.. fields.Bytes] }));
        }, iter: 100);
    }

    [Fact]
    public void Canonical_Layout_IsLittleEndianWithU32LengthPrefixes()
    {
        var hash = new Hash32(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var bytes = new CanonicalWriter()
            .U8(0xAB).Bool(true).Bool(false).U16(0x0102).U32(0x01020304).U64(0x0102030405060708).I64(-2)
            .Bytes([0xFF]).String("é").Hash(hash).Raw([0x7F])
            .ToArray();

        Assert.Equal(
            "ab" + "01" + "00" + "0201" + "04030201" + "0807060504030201" + "feffffffffffffff"
            + "01000000ff" + "02000000c3a9" + Convert.ToHexStringLower(hash.ToArray()) + "7f",
            Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Canonical_ReaderOnRandomBytes_NeverThrowsAndKeepsTheFirstError()
    {
        var genOps = Gen.Select(Gen.Int[0, 12], Gen.Int[-4, 70]).Array[1, 24];
        Gen.Select(Gen.Byte.Array[0, 80], genOps).Sample((data, ops) =>
        {
            var reader = new CanonicalReader(data);
            string? firstError = null;
            foreach (var (op, size) in ops)
            {
                var positionBefore = reader.Position;
                switch (op)
                {
                    case 0: reader.U8(); break;
                    case 1: reader.Bool(); break;
                    case 2: reader.U16(); break;
                    case 3: reader.U32(); break;
                    case 4: reader.U64(); break;
                    case 5: reader.I64(); break;
                    case 6: reader.Raw(size, "raw"); break;
                    case 7: reader.Bytes(Math.Max(0, size)); break;
                    case 8: reader.String(Math.Max(0, size)); break;
                    case 9: reader.Hash(); break;
                    case 10: reader.Address(); break;
                    case 11: reader.Bytes(int.MaxValue); break;
                    default: reader.End(); break;
                }

                Assert.InRange(reader.Position, positionBefore, data.Length);
                Assert.Equal(data.Length - reader.Position, reader.Remaining);
                if (firstError is not null)
                {
                    Assert.Equal(firstError, reader.Error);
                    Assert.Equal(positionBefore, reader.Position);
                }

                firstError = reader.Error;
                Assert.Equal(firstError is null, reader.Ok);
            }
        }, iter: 3000);
    }

    [Fact]
    public void Canonical_AfterAnError_EveryReadReturnsTheDefault()
    {
        var reader = new CanonicalReader([1, 2, 3]);
        reader.U32();

        Assert.False(reader.Ok);
        Assert.Equal(0, reader.U8());
        Assert.False(reader.Bool());
        Assert.Equal(0UL, reader.U64());
        Assert.True(reader.Raw(1, "raw").IsEmpty);
        Assert.Equal(string.Empty, reader.String(10));
        Assert.Equal(default, reader.Hash());
        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Canonical_EveryTruncation_IsReportedAndNeverThrows()
    {
        GenFields.Sample(fields =>
        {
            var encoded = Write(fields);
            for (var length = 0; length < encoded.Length; length++)
            {
                var reader = new CanonicalReader(encoded.AsSpan(0, length));
                Read(ref reader);
                reader.End();
                Assert.False(reader.Ok);
                Assert.StartsWith("truncated", reader.Error, StringComparison.Ordinal);
            }
        }, iter: 100);
    }

    [Fact]
    public void Canonical_TrailingBytes_AreDetectedByEnd()
    {
        GenFields.Sample(fields =>
        {
            byte[] encoded = [.. Write(fields), 0];
            var reader = new CanonicalReader(encoded);
            Read(ref reader);
            Assert.True(reader.Ok);

            reader.End("transaction");

            Assert.Equal("transaction: 1 unexpected trailing bytes", reader.Error);
        }, iter: 100);
    }

    [Fact]
    public void Canonical_BooleanOtherThanZeroOrOne_IsRejected()
    {
        for (var b = 0; b < 256; b++)
        {
            var reader = new CanonicalReader([(byte)b]);
            var value = reader.Bool("flag");
            Assert.Equal(b <= 1, reader.Ok);
            Assert.Equal(b == 1, value);
            if (b > 1) Assert.Equal($"flag: a boolean is 0 or 1, got {b}", reader.Error);
        }
    }

    [Theory]
    [InlineData("ff")]
    [InlineData("c328")]           // a lead byte without its continuation
    [InlineData("c0af")]           // overlong '/'
    [InlineData("e0808f")]         // overlong
    [InlineData("eda080")]         // UTF-16 surrogate encoded as UTF-8
    [InlineData("f4908080")]       // above U+10FFFF
    [InlineData("80")]             // lone continuation byte
    [InlineData("616263e282")]     // truncated sequence at the end
    public void Canonical_InvalidUtf8String_IsRejected(string hex)
    {
        var payload = Convert.FromHexString(hex);
        var encoded = new CanonicalWriter().Bytes(payload).ToArray();
        var reader = new CanonicalReader(encoded);

        Assert.Equal(string.Empty, reader.String(100, "memo"));
        Assert.Equal("memo: not valid UTF-8", reader.Error);
    }

    [Fact]
    public void Canonical_LengthPrefixOverTheLimit_IsRejectedEvenWhenTheBytesArePresent()
    {
        var encoded = new CanonicalWriter().Bytes(new byte[5]).ToArray();

        var exact = new CanonicalReader(encoded);
        Assert.Equal(5, exact.Bytes(5).Length);
        Assert.True(exact.Ok);

        var limited = new CanonicalReader(encoded);
        Assert.True(limited.Bytes(4, "memo").IsEmpty);
        Assert.Equal("memo: length 5 exceeds the limit of 4", limited.Error);

        var text = new CanonicalReader(encoded);
        Assert.Equal(string.Empty, text.String(4, "name"));
        Assert.Equal("name: length 5 exceeds the limit of 4", text.Error);
    }

    [Fact]
    public void Canonical_HugeLengthPrefix_IsRejectedWithoutThrowing()
    {
        var encoded = new CanonicalWriter().U32(uint.MaxValue).U8(0).ToArray();

        var reader = new CanonicalReader(encoded);
        Assert.True(reader.Bytes(int.MaxValue).IsEmpty);
        Assert.Contains("exceeds the limit", reader.Error, StringComparison.Ordinal);

        var within = new CanonicalReader(new CanonicalWriter().U32(int.MaxValue).U8(0).ToArray());
        Assert.True(within.Bytes(int.MaxValue).IsEmpty);
        Assert.StartsWith("truncated", within.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Canonical_NegativeRawSize_IsAnErrorNotAnException()
    {
        var reader = new CanonicalReader([1, 2, 3]);

        Assert.True(reader.Raw(-1, "raw").IsEmpty);
        Assert.False(reader.Ok);
    }

    [Fact]
    public void Canonical_WriterGrowsPastItsInitialCapacity()
    {
        var payload = Enumerable.Range(0, 5000).Select(i => unchecked((byte)i)).ToArray();
        var writer = new CanonicalWriter(1).Bytes(payload).U8(9);

        Assert.Equal(4 + 5000 + 1, writer.Length);
        var reader = new CanonicalReader(writer.WrittenSpan);
        Assert.Equal(payload, reader.Bytes(5000).ToArray());
        Assert.Equal(9, reader.U8());
        reader.End();
        Assert.True(reader.Ok);
    }
}
