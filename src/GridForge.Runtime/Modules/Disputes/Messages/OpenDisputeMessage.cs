using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>Opens a dispute on a subject the sender is a party of, reserving <see cref="Bond"/> of <see cref="BondToken"/>
/// and claiming <see cref="Claim"/> µWATT from the other party. Payload: subject, u8 token, u64 bond, u64 claim, string reason.</summary>
public sealed record OpenDisputeMessage(DisputeSubject Subject, Token BondToken, Amount Bond, Amount Claim, string Reason) : IMessage
{
    public const ushort TypeId = 1;

    /// <summary>Reasons up to this long decode, so that one over <see cref="Dispute.MaxReasonBytes"/> is refused with its own code.</summary>
    private const int MaxDecodedReasonBytes = 4 * Dispute.MaxReasonBytes;

    public byte Module => ModuleIds.Disputes;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer)
    {
        Subject.Encode(writer);
        writer.U8((byte)BondToken).U64(Bond.Micro).U64(Claim.Micro).String(Reason);
    }

    public static IMessage Decode(ref CanonicalReader reader)
    {
        var subject = DisputeSubject.Decode(ref reader);
        var token = reader.U8("bond token");
        if (reader.Ok && token is not ((byte)Token.Grid or (byte)Token.Watt)) reader.Fail($"unknown token {token}");
        return new OpenDisputeMessage(subject, (Token)token, new Amount(reader.U64("bond")), new Amount(reader.U64("claim")),
            reader.String(MaxDecodedReasonBytes, "reason"));
    }
}
