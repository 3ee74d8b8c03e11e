using GridForge.Core.Crypto;
using GridForge.Core.Encoding;

namespace GridForge.Core.Tests.Primitives;

public class AddressTests
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private static void AssertRejected(string text, string because = "")
    {
        Assert.False(Address.TryParse(text, out var parsed, out var error), $"accepted {text}");
        Assert.Equal(default, parsed);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Contains(because, error, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Substitutions(string text) =>
        from i in Enumerable.Range(0, text.Length)
        from c in Charset
        where c != text[i]
        select text[..i] + c + text[(i + 1)..];

    private static IEnumerable<string> Transpositions(string text) =>
        from i in Enumerable.Range(0, text.Length)
        from j in Enumerable.Range(i + 1, text.Length - i - 1)
        where text[i] != text[j]
        select text[..i] + text[j] + text[(i + 1)..j] + text[i] + text[(j + 1)..];

    [Fact]
    public void Address_PrintsAsItsBech32m_EveryTime_EvenWhenAnotherAddressSharesItsRememberedSlot()
    {
        // Find two addresses whose texts the print cache keeps in the same slot, then print them in turn.
        var seen = new Dictionary<int, Address>();
        Address a = default, b = default;
        for (var i = 0; ; i++)
        {
            var candidate = new Address(Hashing.Sha256(BitConverter.GetBytes(i)));
            var slot = candidate.Key.GetHashCode() & 4095;
            if (seen.TryGetValue(slot, out var other))
            {
                (a, b) = (other, candidate);
                break;
            }

            seen[slot] = candidate;
        }

        foreach (var address in new[] { a, b, a, a, b })
        {
            Assert.Equal(Bech32m.Encode(Address.Prefix, address.ToBytes()), address.ToString());
        }
    }

    [Fact]
    public void Address_ToStringThenParse_RoundTripsEveryKey()
    {
        TestData.AnyAddress.Sample(address =>
        {
            var text = address.ToString();
            Assert.StartsWith("grid1", text, StringComparison.Ordinal);
            Assert.Equal(63, text.Length);
            Assert.True(Address.TryParse(text, out var parsed, out var error));
            Assert.Null(error);
            Assert.Equal(address, parsed);
            Assert.Equal(address, Address.Parse(text.ToUpperInvariant()));
        }, iter: 1000);
    }

    [Fact]
    public void Address_AnySingleCharacterSubstitution_IsRejected()
    {
        TestData.AnyAddress.Sample(address =>
        {
            foreach (var changed in Substitutions(address.ToString())) AssertRejected(changed);
        }, iter: 8);
    }

    [Fact]
    public void Address_AnyTranspositionOfTwoDifferentCharacters_IsRejected()
    {
        TestData.AnyAddress.Sample(address =>
        {
            foreach (var swapped in Transpositions(address.ToString())) AssertRejected(swapped);
        }, iter: 8);
    }

    [Fact]
    public void Address_ChangedChecksum_IsRejectedAsChecksumMismatch()
    {
        var text = new Address(new byte[32]).ToString();
        var last = text[^1] == 'q' ? 'p' : 'q';

        AssertRejected(text[..^1] + last, "checksum mismatch");
    }

    [Theory]
    [InlineData("bc")]
    [InlineData("gri")]
    [InlineData("grids")]
    [InlineData("tgrid")]
    public void Address_WithAnotherPrefix_IsRejected(string prefix)
    {
        AssertRejected(Bech32m.Encode(prefix, new byte[32]), "prefix 'grid1'");
    }

    [Fact]
    public void Address_InMixedCase_IsRejected()
    {
        var text = new Address(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()).ToString();
        var firstLetter = text.IndexOf(text.Skip(5).First(char.IsAsciiLetterLower), 5);
        var mixed = text[..firstLetter] + char.ToUpperInvariant(text[firstLetter]) + text[(firstLetter + 1)..];

        AssertRejected(mixed, "mixed case");
        AssertRejected("GRID" + text[4..], "mixed case");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Address_HoldingOtherThan32Bytes_IsRejected(int length)
    {
        AssertRejected(Bech32m.Encode(Address.Prefix, new byte[length]), $"this one {length}");
    }

    [Theory]
    [InlineData("grid1")]
    [InlineData("grid1qqqqq")]
    [InlineData("grid")]
    public void Address_TooShort_IsRejectedForItsLength(string text) => AssertRejected(text, "wrong length");

    [Fact]
    public void Address_LongerThanTheLimit_IsRejectedForItsLength() =>
        AssertRejected("grid1" + new string('q', 116), "wrong length");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Address_Missing_IsRejected(string? text) => AssertRejected(text!, "required");

    [Fact]
    public void Address_WithCharacterOutsideTheAlphabet_IsRejected()
    {
        var text = new Address(new byte[32]).ToString();

        AssertRejected(text[..10] + "b" + text[11..], "invalid character 'b'");
    }

    [Theory]
    [InlineData('k', '\u212A')] // KELVIN SIGN lower-cases to 'k'
    [InlineData('s', '\u017F')] // LATIN SMALL LETTER LONG S upper-cases to 'S'
    public void Address_WithNonAsciiLookAlikeCharacter_IsRejected(char ascii, char lookAlike)
    {
        var address = Enumerable.Range(0, 1000)
            .Select(i => new Address(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))).ToString())
            .First(t => t.IndexOf(ascii, 5) > 0);
        var at = address.IndexOf(ascii, 5);
        var upper = address.ToUpperInvariant();

        AssertRejected(address[..at] + lookAlike + address[(at + 1)..], "invalid character");
        AssertRejected(upper[..at] + lookAlike + upper[(at + 1)..], "invalid character");
    }

    [Fact]
    public void Address_WithNonAsciiLookAlikeInThePrefix_IsRejected()
    {
        var upper = new Address(new byte[32]).ToString().ToUpperInvariant();

        AssertRejected("GR\u0130D" + upper[4..], "invalid character"); // LATIN CAPITAL LETTER I WITH DOT ABOVE
    }

    [Fact]
    public void Address_ParseOfInvalidText_ThrowsFormatExceptionWithTheReason()
    {
        var ex = Assert.Throws<FormatException>(() => Address.Parse("grid1qqqq"));
        Assert.Contains("wrong length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Address_OrderAndEquality_FollowTheKeyBytes()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32]).Sample((a, b) =>
        {
            var expected = Math.Sign(a.AsSpan().SequenceCompareTo(b));
            Assert.Equal(expected, Math.Sign(new Address(a).CompareTo(new Address(b))));
            Assert.Equal(expected == 0, new Address(a) == new Address(b));
        });
    }
}
