using System.Threading.Channels;
using GridForge.Chain;
using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;
using GridForge.Network.Identity;
using GridForge.Network.Protocol;
using GridForge.Network.Transport;

namespace GridForge.Network.Peers;

/// <summary>Which side opened a link.</summary>
public enum LinkDirection
{
    Inbound,
    Outbound,
}

/// <summary>One authenticated link to a peer: its identity (proven in the TLS handshake), what it said about itself, three
/// bounded send queues (consensus and status first, then served blocks, then transactions), a score, and what it is known
/// to hold.</summary>
public sealed class Peer
{
    private readonly Channel<Envelope> _urgent;
    private readonly Channel<Envelope> _blocks;
    private readonly Channel<Envelope> _bulk;
    // One wake-up for the writer, whichever queue got a message (capacity 1: a pending wake-up covers any number).
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _closed = new();
    private long _dropped;

    internal Peer(NodeId id, LinkDirection direction, string remote, NodeId dialer, Hello hello, NetworkOptions options)
    {
        Id = id;
        Direction = direction;
        Remote = remote;
        Dialer = dialer;
        Hello = hello;
        _urgent = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(options.PeerQueueMessages) { SingleReader = true, FullMode =
            BoundedChannelFullMode.Wait });
        _bulk = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(options.PeerTxQueueBatches) { SingleReader = true, FullMode =
            BoundedChannelFullMode.Wait });
        // Blocks served to a syncing peer: a few at a time, so that one peer's sync cannot hold many blocks in memory.
        _blocks = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(2) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        Connected = DateTimeOffset.UtcNow;
    }

    public NodeId Id { get; }

    public LinkDirection Direction { get; }

    /// <summary>The remote socket address, for logs.</summary>
    public string Remote { get; }

    /// <summary>The node that opened this link (decides which of two simultaneous links survives).</summary>
    public NodeId Dialer { get; }

    public Hello Hello { get; }

    public DateTimeOffset Connected { get; }

    /// <summary>The peer's latest status message.</summary>
    public Status? Status { get; internal set; }

    public PeerScore Score { get; } = new();

    /// <summary>Transactions the peer sent us or we sent it: never sent to it (again).</summary>
    public SeenSet<Hash32> KnownTxs { get; } = new(200_000);

    /// <summary>Votes the peer holds (sent to it, or received from it).</summary>
    public SeenSet<(Address Validator, Vote Vote)> KnownVotes { get; } = new(20_000);

    /// <summary>Proposals the peer holds, by height, round and block hash.</summary>
    public SeenSet<(ulong Height, int Round, Hash32 Block)> KnownProposals { get; } = new(1_000);

    /// <summary>Messages dropped because this peer's queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool IsClosed => _closed.IsCancellationRequested;

    public string? CloseReason { get; private set; }

    public CancellationToken Closing => _closed.Token;

    /// <summary>Queues a consensus, status or sync message; false (and dropped) when the peer's queue is full or closed.</summary>
    public bool Send(Envelope envelope) => Enqueue(_urgent, envelope);

    /// <summary>Queues a transaction batch; false (and dropped) when the peer's transaction queue is full or closed.</summary>
    public bool SendBulk(Envelope envelope) => Enqueue(_bulk, envelope);

    /// <summary>Queues a served block, waiting while two are still queued (the reader of a block request paces itself by
    /// the link's speed, never by memory).</summary>
    public async Task SendBlockAsync(Envelope envelope, CancellationToken token)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(token, _closed.Token);
        await _blocks.Writer.WriteAsync(envelope, both.Token).ConfigureAwait(false);
        _wake.Writer.TryWrite(true);
    }

    private bool Enqueue(Channel<Envelope> queue, Envelope envelope)
    {
        if (IsClosed) return false;
        if (queue.Writer.TryWrite(envelope))
        {
            _wake.Writer.TryWrite(true);
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Ends the link (both loops stop, the transport closes). The first reason given is kept.</summary>
    public void Close(string reason)
    {
        lock (_closed)
        {
            CloseReason ??= reason;
        }

        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Writes queued messages, urgent ones first, until the link closes.</summary>
    internal async Task WriteLoopAsync(IEnvelopeStream stream)
    {
        var token = _closed.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (_urgent.Reader.TryRead(out var next) || _blocks.Reader.TryRead(out next) || _bulk.Reader.TryRead(out next))
                {
                    await stream.WriteAsync(next, token).ConfigureAwait(false);
                    continue;
                }

                await _wake.Reader.ReadAsync(token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or Grpc.Core.RpcException or InvalidOperationException)
        {
            Close(token.IsCancellationRequested ? CloseReason ?? "closed" : $"send failed: {e.Message}");
        }
    }
}
