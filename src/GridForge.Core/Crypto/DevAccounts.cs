using GridForge.Core.Primitives;

namespace GridForge.Core.Crypto;

/// <summary>The well-known accounts of a dev chain. Their keys are derived from their names, so
/// anyone can recompute them: they are refused on any chain that is not a dev chain.</summary>
public static class DevAccounts
{
    public static readonly IReadOnlyList<string> Names = ["alice", "bob", "charlie", "dso", "issuer", "validator"];

    /// <summary>The dev community's own WATT issuer (docs/community.md): a second licensed issuer in the dev genesis, so the community's
    /// bridge signs with a key of its own and never races a person's bridge run with <c>issuer</c> for nonces or reserves. Its key is
    /// derived like the dev accounts' (<see cref="Key"/>); it is not a dev name a person signs with.</summary>
    public const string CommunityIssuer = "community-issuer";

    /// <summary>The dev community's gateway, the account that submits its meters' readings (docs/community.md).</summary>
    public const string CommunityGateway = "community-gateway";

    /// <summary>The largest dev community: members <c>member-01</c> … <c>member-999</c>.</summary>
    public const int MaxCommunityMembers = 999;

    /// <summary>The dev chain's id; <c>gridforge-dev-…</c> names further dev chains (tests, benches).</summary>
    public const string DevChainPrefix = "gridforge-dev";

    /// <summary>Only <c>gridforge-dev</c> and <c>gridforge-dev-*</c> are dev chains (not, say, <c>gridforge-devnet</c>).</summary>
    public static bool IsDevChain(string chainId) =>
        chainId == DevChainPrefix || chainId.StartsWith(DevChainPrefix + "-", StringComparison.Ordinal);

    public static bool IsDevName(string name) => Names.Contains(name);

    /// <summary>Seed = SHA-256("gridforge dev account" 0x00 name).</summary>
    public static SigningKey Key(string name)
    {
        var seed = Hashing.Domain("gridforge dev account", System.Text.Encoding.UTF8.GetBytes(name));
        return SigningKey.FromSeed(seed.ToArray());
    }

    /// <summary><c>member-01</c>, <c>member-02</c>, … (at least two digits).</summary>
    public static string CommunityMemberName(int number) => "member-" + number.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A dev community account's key (a member's or the gateway's): seed = SHA-256("gridforge community member" 0x00 ‖ name).</summary>
    public static SigningKey CommunityKey(string name) =>
        SigningKey.FromSeed(Hashing.Domain("gridforge community member", System.Text.Encoding.UTF8.GetBytes(name)).ToArray());

    public static Address AddressOf(string name)
    {
        using var key = Key(name);
        return key.Address;
    }

    /// <summary>The dev name of an address, if it is one of the dev accounts (<see cref="Names"/>).</summary>
    public static string? NameOf(Address address) => WellKnownName(address) is { } name && IsDevName(name) ? name : null;

    /// <summary>The name of an account whose key anyone can derive from its name: a dev account, the dev community's issuer,
    /// gateway or a member (<c>member-01</c> … <c>member-999</c>); null for any other address. A non-dev chain refuses their
    /// transactions.</summary>
    public static string? WellKnownName(Address address) => WellKnown.Value.GetValueOrDefault(address);

    // Derived once (1,007 keys): the runtime asks for every transaction on a non-dev chain.
    private static readonly Lazy<Dictionary<Address, string>> WellKnown = new(() =>
    {
        var known = new Dictionary<Address, string>();
        foreach (var name in Names.Append(CommunityIssuer)) known[AddressOf(name)] = name;
        foreach (var name in Enumerable.Range(1, MaxCommunityMembers).Select(CommunityMemberName).Append(CommunityGateway))
        {
            using var key = CommunityKey(name);
            known[key.Address] = name;
        }

        return known;
    });
}
