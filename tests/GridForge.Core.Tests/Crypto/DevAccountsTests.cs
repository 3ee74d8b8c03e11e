using System.Security.Cryptography;
using GridForge.Core.Crypto;
using NSec.Cryptography;

namespace GridForge.Core.Tests.Crypto;

public class DevAccountsTests
{
    // Recomputes a dev account from its definition, without DevAccounts or Hashing.
    private static (byte[] Seed, Address Address) Expected(string name)
    {
        byte[] preimage = [.. "gridforge dev account"u8, 0x00, .. System.Text.Encoding.UTF8.GetBytes(name)];
        var seed = SHA256.HashData(preimage);
        using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        return (seed, new Address(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
    }

    [Fact]
    public void DevAccounts_AliceAddress_IsDerivedFromSha256OfTheDomainAndHerName()
    {
        var (seed, address) = Expected("alice");

        Assert.Equal(address, DevAccounts.AddressOf("alice"));
        using var key = DevAccounts.Key("alice");
        Assert.Equal(seed, key.Seed);
        Assert.Equal(address, key.Address);
    }

    [Fact]
    public void DevAccounts_EveryName_DerivesItsKeyStablyAndDistinctly()
    {
        var addresses = new HashSet<Address>();
        foreach (var name in DevAccounts.Names)
        {
            Assert.Equal(Expected(name).Address, DevAccounts.AddressOf(name));
            Assert.Equal(DevAccounts.AddressOf(name), DevAccounts.AddressOf(name));
            Assert.True(addresses.Add(DevAccounts.AddressOf(name)));
            Assert.True(DevAccounts.IsDevName(name));
            Assert.Equal(name, DevAccounts.NameOf(DevAccounts.AddressOf(name)));
        }

        Assert.Equal(["alice", "bob", "charlie", "dso", "issuer", "validator"], DevAccounts.Names);
    }

    [Fact]
    public void DevAccounts_KeySignsWhatItsAddressVerifies()
    {
        using var key = DevAccounts.Key("bob");
        var message = "dev transfer"u8.ToArray();

        Assert.True(GridForge.Core.Crypto.Ed25519.Verify(DevAccounts.AddressOf("bob").ToBytes(), message, key.Sign(message)));
    }

    [Fact]
    public void DevAccounts_UnknownNameOrAddress_IsNotADevAccount()
    {
        Assert.False(DevAccounts.IsDevName("mallory"));
        Assert.False(DevAccounts.IsDevName("Alice"));
        Assert.Null(DevAccounts.NameOf(Expected("mallory").Address));
        Assert.Null(DevAccounts.NameOf(Address.None));
    }

    [Theory]
    [InlineData("gridforge-dev", true)]
    [InlineData("gridforge-dev-1", true)]
    [InlineData("gridforge-dev-local", true)]
    [InlineData("gridforge-devnet", false)]
    [InlineData("gridforge-main", false)]
    [InlineData("gridforge-test-1", false)]
    [InlineData("gridforge", false)]
    [InlineData("gridforge-de", false)]
    [InlineData("GRIDFORGE-DEV", false)]
    [InlineData("x-gridforge-dev", false)]
    [InlineData(" gridforge-dev", false)]
    [InlineData("", false)]
    public void DevAccounts_IsDevChain_OnlyForTheGridforgeDevPrefix(string chainId, bool isDev) =>
        Assert.Equal(isDev, DevAccounts.IsDevChain(chainId));
}
