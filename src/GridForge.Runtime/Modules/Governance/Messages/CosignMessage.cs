using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Governance;

/// <summary>The DSO co-signs a grid-topology proposal, without which it cannot be enacted.</summary>
public sealed record CosignMessage(ulong ProposalId) : IMessage
{
    public const ushort TypeId = 3;

    public byte Module => ModuleIds.Governance;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(ProposalId);

    public static IMessage Decode(ref CanonicalReader reader) => new CosignMessage(reader.U64("proposal id"));
}
