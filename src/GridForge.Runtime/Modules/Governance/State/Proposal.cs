using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Governance;

/// <summary>A governance proposal as stored: who made it with what deposit, what it does, the rules it is judged by
/// (fixed when it was made), where it is in its life, its final tally, and the outcome of its enactment.</summary>
/// <param name="Id">Sequential from 1.</param>
/// <param name="Proposer">Who made it and reserved the deposit.</param>
/// <param name="Deposit">The µGRID reserved, returned or burned at the tally.</param>
/// <param name="Action">What it changes.</param>
/// <param name="Description">Free text (a text signal's content).</param>
/// <param name="SubmittedHeight">The height of the block that made it.</param>
/// <param name="VotingEnd">The last height whose votes count; the tally runs at the end of that block.</param>
/// <param name="EnactmentHeight">The first block that runs under the change (it is applied at the end of the block before).</param>
/// <param name="QuorumPpm">Quorum in force when it was made.</param>
/// <param name="ThresholdPpm">Threshold in force when it was made.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Tally">The final tally (zero while voting).</param>
/// <param name="CosignedBy">For a grid change: the DSO that co-signed it (<see cref="Address.None"/> until then).</param>
/// <param name="Outcome">Why enactment failed (a rejection code and sentence), or empty.</param>
public sealed record Proposal(
    ulong Id,
    Address Proposer,
    ulong Deposit,
    ProposalAction Action,
    string Description,
    ulong SubmittedHeight,
    ulong VotingEnd,
    ulong EnactmentHeight,
    long QuorumPpm,
    long ThresholdPpm,
    ProposalStatus Status,
    Tally Tally,
    Address CosignedBy,
    string Outcome)
{
    public const int MaxDescriptionBytes = 1_024;

    public byte[] Encode()
    {
        var w = new CanonicalWriter(256);
        w.U64(Id).Address(Proposer).U64(Deposit);
        Action.Encode(w);
        w.String(Description).U64(SubmittedHeight).U64(VotingEnd).U64(EnactmentHeight).I64(QuorumPpm).I64(ThresholdPpm).U8((byte)Status);
        Tally.Encode(w);
        w.Address(CosignedBy).String(Outcome);
        return w.ToArray();
    }

    public static Proposal Decode(byte[] raw)
    {
        var r = new CanonicalReader(raw);
        var id = r.U64("id");
        var proposer = r.Address("proposer");
        var deposit = r.U64("deposit");
        var action = ProposalAction.Decode(ref r);
        var p = new Proposal(id, proposer, deposit, action, r.String(MaxDescriptionBytes, "description"), r.U64("submitted"), r.U64("voting end"),
            r.U64("enactment height"), r.I64("quorum"), r.I64("threshold"), (ProposalStatus)r.U8("status"), Tally.Decode(ref r), r.Address("cosigned by"),
            r.String(4_096, "outcome"));
        r.End("proposal");
        return r.Ok ? p : throw new InvalidOperationException($"corrupt proposal: {r.Error}");
    }
}
