using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using GridForge.Core.Crypto;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Cli.Community;

/// <summary>The dev community's well-known keys, derived from the members' names as the dev accounts' are from theirs
/// (docs/community.md): anyone can sign for them, so they are for dev chains only.</summary>
internal static class CommunityKeys
{
    /// <summary>The largest community <c>node --dev --community N</c> runs.</summary>
    public const int MaxMembers = DevAccounts.MaxCommunityMembers;

    /// <summary>The community's gateway, the account that submits the meters' readings; its key is derived like a member's.</summary>
    public const string GatewayName = DevAccounts.CommunityGateway;

    /// <summary><c>member-01</c>, <c>member-02</c>, … (at least two digits).</summary>
    public static string NameOf(int number) => DevAccounts.CommunityMemberName(number);

    /// <summary>True for <c>member-NN</c> with 1 ≤ NN ≤ <see cref="MaxMembers"/>, written as <see cref="NameOf"/> writes it.</summary>
    public static bool IsMemberName(string text) =>
        text.StartsWith("member-", StringComparison.Ordinal)
        && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
        && n is >= 1 and <= MaxMembers
        && NameOf(n) == text;

    /// <summary>The member's account key: seed = SHA-256("gridforge community member" 0x00 ‖ name).</summary>
    public static SigningKey Account(string name) => DevAccounts.CommunityKey(name);

    public static GridForge.Core.Primitives.Address AccountAddress(string name)
    {
        using var key = Account(name);
        return key.Address;
    }

    /// <summary>The member's meter key: seed = SHA-256("gridforge community meter" 0x00 ‖ name).</summary>
    public static MeterKey Meter(string name) => MeterKey.FromSeed(Seed("gridforge community meter", name));

    /// <summary>The seed of the member's profiles: the first 8 bytes (little-endian) of SHA-256("gridforge community profile" 0x00 ‖ name).</summary>
    public static ulong ProfileSeed(string name) => BinaryPrimitives.ReadUInt64LittleEndian(Seed("gridforge community profile", name));

    private static byte[] Seed(string domain, string name) => Hashing.Domain(domain, Encoding.UTF8.GetBytes(name)).ToArray();
}
