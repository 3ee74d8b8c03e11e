using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Starts unbonding part of the sender's active stake (µGRID); it can be withdrawn after <c>staking.unbonding_eras</c> eras and stays slashable until
/// then.</summary>
public sealed record UnbondMessage(Amount Amount) : IMessage
{
    public const ushort TypeId = 2;

    public byte Module => ModuleIds.Staking;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(Amount.Micro);

    public static IMessage Decode(ref CanonicalReader reader) => new UnbondMessage(new Amount(reader.U64("amount")));
}
