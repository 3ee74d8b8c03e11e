using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>An arbitrator's ruling on a dispute: uphold (amount 0) or correct by an amount in µWATT of the hold.
/// Payload: u64 dispute, u8 ruling (0 uphold, 1 correct), u64 amount.</summary>
public sealed record RuleDisputeMessage(ulong Dispute, Ruling Ruling) : IMessage
{
    public const ushort TypeId = 2;

    public byte Module => ModuleIds.Disputes;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(Dispute).U8((byte)Ruling.Kind).U64(Ruling.Amount);

    public static IMessage Decode(ref CanonicalReader reader)
    {
        var id = reader.U64("dispute");
        var kind = reader.U8("ruling");
        if (reader.Ok && kind > (byte)RulingKind.Correct) reader.Fail($"unknown ruling {kind} (0 uphold, 1 correct)");
        return new RuleDisputeMessage(id, new Ruling((RulingKind)kind, reader.U64("amount")));
    }
}
