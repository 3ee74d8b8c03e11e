using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Governance;

/// <summary>Makes a proposal, reserving the governance deposit from the sender's free GRID.</summary>
public sealed record ProposeMessage(ProposalAction Action, string Description) : IMessage
{
    public const ushort TypeId = 1;

    public byte Module => ModuleIds.Governance;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer)
    {
        Action.Encode(writer);
        writer.String(Description);
    }

    public static IMessage Decode(ref CanonicalReader reader) =>
        new ProposeMessage(ProposalAction.Decode(ref reader), reader.String(Proposal.MaxDescriptionBytes, "description"));
}
