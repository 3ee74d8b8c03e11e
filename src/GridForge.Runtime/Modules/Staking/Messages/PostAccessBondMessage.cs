using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Reserves the platform-access bond governance sets for <see cref="Role"/> (or tops an existing one up to it,
/// or cancels its release).</summary>
public sealed record PostAccessBondMessage(string Role) : IMessage
{
    public const ushort TypeId = 9;

    public const int MaxRoleBytes = 32;

    public byte Module => ModuleIds.Staking;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.String(Role);

    public static IMessage Decode(ref CanonicalReader reader) => new PostAccessBondMessage(reader.String(MaxRoleBytes, "role"));
}
