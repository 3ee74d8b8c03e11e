using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>A dispute as the state keeps it: who opened it against whom about what, the opener's bond, the claim, the
/// respondent's WATT held for it, the deadline, the arbitrators' votes, and once closed how it ended (<see cref="ToOpener"/>
/// moved from the hold to the opener, the rest of <see cref="Held"/> released to the respondent). <see cref="AwaitingSettlement"/>:
/// the subject had not settled at opening, so its settlement may still top the hold up (once).</summary>
public sealed record Dispute(ulong Id, DisputeSubject Subject, Address Opener, Address Respondent, Token BondToken, ulong Bond, ulong Claim,
    ulong Held, string Reason, long Opened, long Deadline, bool AwaitingSettlement, DisputeStatus Status, ulong ToOpener, long Closed,
    IReadOnlyList<DisputeVote> Votes)
{
    /// <summary>Most UTF-8 bytes of a reason.</summary>
    public const int MaxReasonBytes = 280;

    /// <summary>Most votes a dispute records: one per council member at most.</summary>
    public const int MaxVotes = DisputeCouncil.MaxMembers;

    public bool IsOpen => Status == DisputeStatus.Open;

    /// <summary>What the hold released to the respondent when the dispute closed.</summary>
    public ulong Released => IsOpen ? 0 : Held - ToOpener;

    /// <summary>Who received the bond when the dispute closed: the respondent after an uphold, otherwise the opener (returned).</summary>
    public Address? BondTo => Status switch
    {
        DisputeStatus.Open => null,
        DisputeStatus.Upheld => Respondent,
        _ => Opener,
    };

    public byte[] Encode()
    {
        var w = new CanonicalWriter(200 + Reason.Length + (Votes.Count * 41));
        Subject.Encode(w);
        w.Address(Opener).Address(Respondent).U8((byte)BondToken).U64(Bond).U64(Claim).U64(Held).String(Reason).I64(Opened).I64(Deadline)
            .Bool(AwaitingSettlement).U8((byte)Status).U64(ToOpener).I64(Closed).U32((uint)Votes.Count);
        foreach (var v in Votes) w.Address(v.Arbitrator).U8((byte)v.Ruling.Kind).U64(v.Ruling.Amount);
        return w.ToArray();
    }

    public static Dispute Decode(ulong id, ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var subject = DisputeSubject.Decode(ref r);
        var d = new Dispute(id, subject, r.Address("opener"), r.Address("respondent"), (Token)r.U8("bond token"), r.U64("bond"), r.U64("claim"), r.U64("held"),
            r.String(Dispute.MaxReasonBytes, "reason"), r.I64("opened"), r.I64("deadline"), r.Bool("awaiting"), (DisputeStatus)r.U8("status"),
                r.U64("to opener"),
            r.I64("closed"), []);
        var n = r.U32("vote count");
        var votes = new DisputeVote[r.Ok && n <= MaxVotes ? n : 0];
        for (var i = 0; i < votes.Length && r.Ok; i++) votes[i] =
            new DisputeVote(r.Address("arbitrator"), new Ruling((RulingKind)r.U8("ruling"), r.U64("amount")));
        r.End("dispute");
        return r.Ok && n == votes.Length ? d with { Votes = votes }
            : throw new InvalidOperationException($"corrupt dispute {id}: {r.Error ?? "too many votes"}");
    }
}
