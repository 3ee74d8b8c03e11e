using GridForge.Network.Peers;
using GridForge.Network.Protocol;

namespace GridForge.Network;

/// <summary>What a validator's consensus does on the network: take proposals, votes and evidence from peers, and say
/// where it stands in the status peers are sent.</summary>
public interface IConsensusGossip
{
    void PeerConnected(Peer peer);

    void PeerDisconnected(Peer peer);

    void PeerStatus(Peer peer, Status status);

    /// <summary>Fills the consensus fields of this node's status.</summary>
    void Describe(Status status);

    /// <summary>Handles a proposal, votes, a has-proposal note or evidence (null), or says why it is garbage.</summary>
    ValueTask<string?> ReceiveAsync(Peer peer, Envelope envelope, CancellationToken token);
}
