using GridForge.Core.Encoding;

namespace GridForge.Core.Tests.Encoding;

public class Bech32mTests
{
    private const string An83Hrp = "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber1";

    // BIP-350 "valid Bech32m" test vectors whose data part packs into whole bytes (zero padding).
    public static TheoryData<string, string> Bip350ValidByteVectors => new()
    {
        { "A1LQFN3A", "a" },
        { "a1lqfn3a", "a" },
        { An83Hrp + "1sg7hg6", An83Hrp },
        { "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx", "abcdef" },
        { "split1checkupstagehandshakeupstreamerranterredcaperredlc445v", "split" },
        { "?1v759aa", "?" },
    };

    [Theory]
    [MemberData(nameof(Bip350ValidByteVectors))]
    public void Bech32m_Bip350ValidVector_DecodesAndReEncodesToItsLowerCaseForm(string text, string hrp)
    {
        var data = Bech32m.Decode(text, hrp, out var error);

        Assert.Null(error);
        Assert.NotNull(data);
        Assert.Equal(text.ToLowerInvariant(), Bech32m.Encode(hrp, data));
    }

    [Fact]
    public void Bech32m_Bip350AllOnesVector_PassesTheChecksumButHasNonZeroPaddingForBytes()
    {
        // BIP-350's "11lll…ludsr8": 82 five-bit groups of 31 leave two set padding bits, so as bytes it is
        // refused for its padding, not its checksum.
        var text = "11" + new string('l', 83) + "udsr8";

        Assert.Null(Bech32m.Decode(text, "1", out var error));
        Assert.Equal("invalid padding", error);
    }

    [Fact]
    public void Bech32m_Bip350AbcdefVector_HoldsTheGroups31DownTo0()
    {
        var groups = Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray();

        Assert.Equal(PackGroups(groups), Bech32m.Decode("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx", "abcdef", out _));
        Assert.Equal("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx", Bech32m.Encode("abcdef", PackGroups(groups)));
    }

    // BIP-350 "invalid Bech32m" vectors that apply when the caller names the prefix it expects.
    // (The three with an out-of-range prefix character do not: the prefix is the caller's constant.)
    [Theory]
    [InlineData("qyrz8wqd2c9m", "")]            // no separator
    [InlineData("1qyrz8wqd2c9m", "")]           // empty prefix
    [InlineData("y1b0jsk6g", "y")]              // invalid data character
    [InlineData("lt1igcx5c0", "lt")]            // invalid data character
    [InlineData("in1muywd", "in")]              // checksum too short
    [InlineData("mm1crxm3i", "mm")]             // invalid character in checksum
    [InlineData("au1s5cgom", "au")]             // invalid character in checksum
    [InlineData("M1VUXWEZ", "m")]               // checksum computed over the upper-case prefix
    [InlineData("16plkw9", "")]                 // empty prefix
    [InlineData("1p2gdwpf", "")]                // empty prefix
    public void Bech32m_Bip350InvalidVector_IsRejectedWithAReason(string text, string hrp)
    {
        Assert.Null(Bech32m.Decode(text, hrp, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Bech32m_Bip173Bech32String_IsRejectedForItsChecksumConstant()
    {
        // "A12UEL5L" is valid Bech32 (BIP-173, constant 1); Bech32m uses 0x2bc830a3.
        Assert.Null(Bech32m.Decode("A12UEL5L", "a", out var error));
        Assert.Equal("checksum mismatch", error);
    }

    [Fact]
    public void Bech32m_EncodeThenDecode_RoundTripsAnyBytes()
    {
        Gen.Byte.Array[0, 60].Sample(data =>
        {
            var text = Bech32m.Encode("gf", data);
            Assert.Equal(data, Bech32m.Decode(text, "gf", out var error));
            Assert.Null(error);
            Assert.Equal(data, Bech32m.Decode(text.ToUpperInvariant(), "gf", out _));
        });
    }

    // Packs five-bit groups big-endian into bytes, independently of the code under test.
    private static byte[] PackGroups(byte[] groups)
    {
        var bits = string.Concat(groups.Select(g => Convert.ToString(g, 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }
}
