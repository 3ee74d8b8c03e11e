using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Gives up the sender's access for <see cref="Role"/>: the bond stays reserved for <c>staking.unbonding_eras</c>
/// eras, then <see cref="WithdrawMessage"/> frees it.</summary>
public sealed record ReleaseAccessBondMessage(string Role) : IMessage
{
    public const ushort TypeId = 10;

    public byte Module => ModuleIds.Staking;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.String(Role);

    public static IMessage Decode(ref CanonicalReader reader) => new ReleaseAccessBondMessage(reader.String(PostAccessBondMessage.MaxRoleBytes, "role"));
}
