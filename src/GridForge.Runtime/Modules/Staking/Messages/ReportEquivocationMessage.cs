using GridForge.Consensus.Evidence;
using GridForge.Consensus.Messages;
using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Evidence that a validator signed two different votes of one type at one height and round (two signed
/// consensus votes, <see cref="SignedVote"/>), sent as a transaction. Anyone may report; a block's evidence list carries
/// the same proof without a transaction (<see cref="StakingModule.PunishEquivocation"/>).</summary>
public sealed record ReportEquivocationMessage(SignedVote First, SignedVote Second) : IMessage
{
    public const ushort TypeId = 8;

    public byte Module => ModuleIds.Staking;

    public ushort Type => TypeId;

    /// <summary>The evidence the two votes make, or null when they are not a conflicting pair.</summary>
    public DuplicateVoteEvidence? Evidence => DuplicateVoteEvidence.Of(First, Second);

    public void Encode(CanonicalWriter writer)
    {
        First.Encode(writer);
        Second.Encode(writer);
    }

    public static IMessage Decode(ref CanonicalReader reader) => new ReportEquivocationMessage(SignedVote.Decode(ref reader), SignedVote.Decode(ref reader));
}
