using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Declares the sender's intent to validate (replacing any nominations) with a commission in parts per billion;
/// also how a slashed validator re-declares.</summary>
public sealed record ValidateMessage(uint CommissionPpb) : IMessage
{
    public const ushort TypeId = 5;

    public byte Module => ModuleIds.Staking;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U32(CommissionPpb);

    public static IMessage Decode(ref CanonicalReader reader) => new ValidateMessage(reader.U32("commission"));
}
