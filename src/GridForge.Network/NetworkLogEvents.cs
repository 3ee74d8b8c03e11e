using Microsoft.Extensions.Logging;

namespace GridForge.Network;

/// <summary>The network's log event ids (stable: operators filter and alert on them; docs/operations.md lists them beside the
/// node's own 1000–1399).</summary>
public static class NetworkLogEvents
{
    public static readonly EventId PeerConnected = new(1400, nameof(PeerConnected));
    public static readonly EventId PeerDisconnected = new(1401, nameof(PeerDisconnected));
    public static readonly EventId PeerRedial = new(1402, nameof(PeerRedial));
    public static readonly EventId PeerRefused = new(1403, nameof(PeerRefused));
    public static readonly EventId PeerBanned = new(1404, nameof(PeerBanned));
    public static readonly EventId SyncStopped = new(1410, nameof(SyncStopped));
    public static readonly EventId ConsensusStopped = new(1500, nameof(ConsensusStopped));
    public static readonly EventId ProposalInvalid = new(1501, nameof(ProposalInvalid));
    public static readonly EventId Equivocation = new(1502, nameof(Equivocation));
    public static readonly EventId EvidenceNotKept = new(1503, nameof(EvidenceNotKept));
    public static readonly EventId RoundChanged = new(1504, nameof(RoundChanged));
    public static readonly EventId HeightDecided = new(1505, nameof(HeightDecided));
}
