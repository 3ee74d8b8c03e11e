using GridForge.Network.Protocol;

namespace GridForge.Network.Peers;

/// <summary>What a node does with its peers' messages (gossip, consensus, sync). Called on each link's read loop, so a
/// handler that needs time queues the work (and may await room in a bounded queue: that slows only this peer's link).</summary>
public interface IPeerHandler
{
    void PeerConnected(Peer peer);

    void PeerDisconnected(Peer peer);

    /// <summary>Handles one message; returns null, or a reason when the message breaks the protocol in a way no honest
    /// node would (the peer is then disconnected and banned).</summary>
    ValueTask<string?> ReceiveAsync(Peer peer, Envelope envelope, CancellationToken token);
}
