using GridForge.Network;
using GridForge.Network.Consensus;
using GridForge.Network.Peers;

namespace GridForge.Node.Observability;

/// <summary>A node run from its home on the network: its links, sync and (on a validator) consensus, and the readiness rule's
/// minimum of connected peers (<c>p2p.min_peers</c>). The host serves <c>/api/v1/network</c>, the network's metrics and the
/// <c>peers</c> and <c>synced</c> readiness checks from it (docs/operations.md).</summary>
public sealed record NodeNetwork(ChainNetwork Network, ConsensusDriver? Consensus, int MinPeers)
{
    /// <summary>A validator counts as in reach when a vote of it reached this node within this window. Healthy validators vote
    /// twice a block (a block a second); a stalled network falls silent, and is not ready anyway.</summary>
    public static readonly TimeSpan ReachWindow = TimeSpan.FromSeconds(15);

    /// <summary>A node is in step when no peer reports a height more than this many blocks above its own (one is a block
    /// the peer committed a moment earlier).</summary>
    public const ulong SyncSlack = 1;

    public int Peers(LinkDirection direction) => Network.Peers.Peers.Count(p => p.Direction == direction);

    /// <summary>Whether the validators whose votes reach this node hold more than 2/3 of the power (integers: a commit needs
    /// exactly that); null on a full node.</summary>
    public (bool Quorum, ulong InReach, ulong Total)? Reach()
    {
        if (Consensus is null) return null;
        var (inReach, total) = Consensus.PowerInReach(ReachWindow);
        return (total > 0 && (UInt128)inReach * 3 > (UInt128)total * 2, inReach, total);
    }
}
