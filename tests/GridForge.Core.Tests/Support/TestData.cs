using System.Security.Cryptography;

namespace GridForge.Core.Tests.Support;

/// <summary>Generators and independent hash helpers shared by the test classes.</summary>
internal static class TestData
{
    public static readonly Gen<Hash32> AnyHash = Gen.Byte.Array[Hash32.Size].Select(b => new Hash32(b));

    public static readonly Gen<Address> AnyAddress = AnyHash.Select(h => new Address(h));

    /// <summary>SHA-256 straight from the BCL, so expectations do not go through the code under test.</summary>
    public static Hash32 Sha(params byte[] data) => new(SHA256.HashData(data));

    /// <summary>The Merkle node hash of both trees here: tag 0x01, then the two children.</summary>
    public static Hash32 NodeHash(Hash32 left, Hash32 right) => Sha([0x01, .. left.ToArray(), .. right.ToArray()]);
}
