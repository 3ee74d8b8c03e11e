using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Governance;

/// <summary>Votes yes, no or abstain on a proposal (or changes the sender's vote) while voting is open; the vote weighs
/// the sender's active bond as it stands at the tally.</summary>
public sealed record VoteMessage(ulong ProposalId, VoteChoice Choice) : IMessage
{
    public const ushort TypeId = 2;

    public byte Module => ModuleIds.Governance;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(ProposalId).U8((byte)Choice);

    public static IMessage Decode(ref CanonicalReader reader)
    {
        var id = reader.U64("proposal id");
        var choice = reader.U8("choice");
        if (reader.Ok && choice is not ((byte)VoteChoice.Yes or (byte)VoteChoice.No or (byte)VoteChoice.Abstain)) reader.Fail($"unknown vote choice {choice}");
        return new VoteMessage(id, (VoteChoice)choice);
    }
}
