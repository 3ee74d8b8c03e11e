using GridForge.Network.Peers;

namespace GridForge.Network;

/// <summary>A node's network settings (node-local, not consensus): where it listens, whom it keeps connected, and the
/// limits that keep one peer from flooding it. Defaults are documented in docs/network.md.</summary>
public sealed record NetworkOptions
{
    /// <summary>host:port the peer-to-peer listener binds (TLS 1.3, HTTP/2); null: dial only, accept nothing.</summary>
    public string? Listen { get; init; }

    /// <summary>Peers this node dials and redials whenever the link drops.</summary>
    public IReadOnlyList<PeerAddress> PersistentPeers { get; init; } = [];

    /// <summary>Inbound links accepted at once (beyond persistent peers, which are always let in).</summary>
    public int MaxInboundPeers { get; init; } = 40;

    /// <summary>Unauthenticated connections (before or during the TLS handshake) from one IP address at once.</summary>
    public int MaxConnectionsPerIp { get; init; } = 8;

    /// <summary>The TLS handshake must finish within this, or the connection is closed (slowloris).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Hello must arrive within this after the link opens.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A link on which nothing arrives for this long is closed (peers send a status at least every
    /// <see cref="StatusInterval"/>).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan DialBackoffInitial { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan DialBackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a peer that sent garbage stays banned (its node id).</summary>
    public TimeSpan BanDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The largest message accepted on a link: a block at the chain's upper limit with its commit.</summary>
    public int MaxMessageBytes { get; init; } = 24 * 1024 * 1024;

    /// <summary>Consensus, status and sync messages queued for one peer; beyond it the newest are dropped (peers catch up
    /// from the status they exchange).</summary>
    public int PeerQueueMessages { get; init; } = 4_096;

    /// <summary>Transaction batches queued for one peer; beyond it batches for that peer are dropped.</summary>
    public int PeerTxQueueBatches { get; init; } = 64;

    /// <summary>Bytes per second read from one peer before its link is slowed (HTTP/2 flow control pushes back).</summary>
    public long PeerReceiveBytesPerSecond { get; init; } = 64L * 1024 * 1024;

    /// <summary>Transactions gossiped to a peer in one batch, and how long a batch may wait to fill.</summary>
    public int TxBatchMax { get; init; } = 2_000;

    public TimeSpan TxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The most transaction bytes in one gossiped batch (a transaction larger than it goes alone): well under the
    /// smallest <see cref="MaxMessageBytes"/> a node may be configured with (20 MiB), so that no peer refuses a batch, and bans
    /// its honest sender, because of this node's own limit or its count of transactions.</summary>
    public int TxBatchMaxBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Bounds on peers' transactions kept because they arrived before their sender's earlier nonce (flooding
    /// brings them by several paths), until that nonce is admitted or committed (<see cref="Gossip.FutureTxs"/>).</summary>
    public Gossip.FutureTxs.Limits FutureTxs { get; init; } = Gossip.FutureTxs.Limits.Default;

    /// <summary>Most transactions accepted in one batch from a peer.</summary>
    public int MaxTxsPerBatch { get; init; } = 10_000;

    /// <summary>How the peer listener's own web host logs (its providers: a node gives it the format of its own log); null:
    /// the framework's default console logger.</summary>
    public Action<Microsoft.Extensions.Logging.ILoggingBuilder>? Logging { get; init; }
}
