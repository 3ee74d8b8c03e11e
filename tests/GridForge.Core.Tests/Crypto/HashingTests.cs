using System.Security.Cryptography;
using GridForge.Core.Crypto;

namespace GridForge.Core.Tests.Crypto;

public class HashingTests
{
    [Fact]
    public void Hashing_Sha256_MatchesTheFips180Vector() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hashing.Sha256("abc"u8).ToString());

    [Fact]
    public void Hashing_Sha256_IsDotNetsSha256_ForEveryLength()
    {
        // Lengths across the block and padding edges (55/56/64 bytes) and several blocks.
        Gen.Byte.Array[0, 3000].Sample(data => Assert.Equal(new Hash32(SHA256.HashData(data)), Hashing.Sha256(data)), iter: 500);
    }

    [Fact]
    public void Hashing_OnLinux_RunsThroughLibcryptoDirectly()
    {
        // The fast path (docs/architecture.md, "Hashing") is what the figures assume; on Linux it must not fall back silently.
        Assert.Equal(OperatingSystem.IsLinux(), NativeSha256.Available);
    }

    [Fact]
    public void Hashing_Domain_IsSha256OfDomainZeroByteAndData()
    {
        // Sizes on both sides of the 512-byte stack buffer.
        Gen.Select(Gen.Char.AlphaNumeric.Array[0, 40], Gen.Byte.Array[0, 1200]).Sample((domainChars, data) =>
        {
            var domain = new string(domainChars);
            byte[] preimage = [.. System.Text.Encoding.ASCII.GetBytes(domain), 0x00, .. data];
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(preimage)), Hashing.Domain(domain, data).ToString());
        }, iter: 300);
    }

    [Fact]
    public void Hashing_TaggedAndNode_PrefixTheirOneByteTag()
    {
        Gen.Select(Gen.Byte, Gen.Byte.Array[32], Gen.Byte.Array[32]).Sample((tag, left, right) =>
        {
            Assert.Equal(new Hash32(SHA256.HashData([tag, .. left])), Hashing.Tagged(tag, left));
            Assert.Equal(new Hash32(SHA256.HashData([tag, .. left, .. right])), Hashing.Node(tag, new Hash32(left), new Hash32(right)));
        });
    }

    [Fact]
    public void Hash32_BitsOrderAndText_FollowTheBigEndianBytes()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32]).Sample((a, b) =>
        {
            var x = new Hash32(a);
            for (var i = 0; i < 256; i++) Assert.Equal(((a[i / 8] >> (7 - (i % 8))) & 1) == 1, x.Bit(i));
            Assert.Equal(Math.Sign(a.AsSpan().SequenceCompareTo(b)), Math.Sign(x.CompareTo(new Hash32(b))));
            Assert.Equal(a, x.ToArray());
            Assert.Equal(x, Hash32.Parse(x.ToString()));
            Assert.Equal(x, Hash32.Parse(x.ToString().ToUpperInvariant()));
        });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("000000000000000000000000000000000000000000000000000000000000000000")]
    public void Hash32_TryParse_RejectsAnythingButSixtyFourHexDigits(string? text)
    {
        Assert.False(Hash32.TryParse(text, out var hash));
        Assert.Equal(Hash32.Zero, hash);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Hash32_FromWrongLength_IsAnArgumentError(int length) =>
        Assert.Throws<ArgumentException>(() => new Hash32(new byte[length]));
}
