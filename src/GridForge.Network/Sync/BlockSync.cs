using GridForge.Chain;
using GridForge.Network.Peers;
using GridForge.Network.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GridForge.Network.Sync;

/// <summary>Block sync, both sides. Asking: when a peer's status shows blocks this node lacks, it requests them in windows
/// of <see cref="RequestSize"/> from peers that have them (a few windows in flight, spread over peers), buffers what
/// arrives and imports strictly in height order through <see cref="ChainNode.ImportBlock"/>, which trusts nothing the peer
/// says; a block that fails is the sender's lie (it is banned and the window asked of someone else), a window not answered
/// in time is asked again elsewhere. Serving: a request is answered from the store, one block per message, paced by the
/// link. Full nodes follow the chain this way, and validators catch up this way before (and while) they vote.</summary>
public sealed class BlockSync : IAsyncDisposable
{
    /// <summary>Blocks per request (a request asking more is garbage).</summary>
    public const uint RequestSize = 16;

    /// <summary>Requests in flight at once.</summary>
    private const int Window = 4;

    private readonly ChainNode _chain;
    private readonly PeerManager _peers;
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, Pending> _requested = [];
    private readonly SortedDictionary<ulong, (Chain.Blocks.Block Block, Chain.Blocks.Commit Commit, Peer From)> _arrived = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<Peer, Task> _serving = [];

    private sealed record Pending(ulong From, uint Count, Peer Peer, DateTimeOffset At)
    {
        public HashSet<ulong> Missing { get; } = [.. Enumerable.Range(0, (int)Count).Select(i => From + (ulong)i)];
    }

    public BlockSync(ChainNode chain, PeerManager peers, ILogger? log = null)
    {
        _chain = chain;
        _peers = peers;
        _log = log ?? NullLogger.Instance;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>How long a request may go unanswered before it is asked of another peer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a validator's consensus gets to decide the one height it lags its peers by before sync fetches
    /// that block instead (consensus usually decides it a moment later; two paths racing for it waste work).</summary>
    public TimeSpan OneBlockGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>True on a validator (its consensus decides the blocks it is not behind on).</summary>
    public bool DeferToConsensus { get; set; }

    private long _lagSince;

    /// <summary>Blocks imported from peers so far.</summary>
    public long Imported { get; private set; }

    /// <summary>The highest height any connected peer says it has committed.</summary>
    public ulong BestPeerHeight => _peers.Peers.Select(p => p.Status?.Height ?? 0).DefaultIfEmpty(0UL).Max();

    /// <summary>Call when a peer's status changed (it may have blocks this node lacks).</summary>
    public void Poke() => _wake.Release();

    /// <summary>Serves a request (null), or says why it is garbage.</summary>
    public string? Serve(Peer peer, BlockRequest request)
    {
        if (request.Count is 0 or > RequestSize || request.FromHeight == 0) return $"a block request for {request.Count} blocks from {request.FromHeight}";
        lock (_serving)
        {
            // One request served per peer at a time; a peer that asks again before the answer is out waits its turn.
            var previous = _serving.GetValueOrDefault(peer) ?? Task.CompletedTask;
            _serving[peer] = previous.ContinueWith(_ => ServeAsync(peer, request), TaskScheduler.Default).Unwrap();
        }

        return null;
    }

    private async Task ServeAsync(Peer peer, BlockRequest request)
    {
        try
        {
            for (var h = request.FromHeight; h < request.FromHeight + request.Count && !peer.IsClosed; h++)
            {
                var raw = h <= _chain.Height ? _chain.GetRawBlock(h) : null;
                var commit = raw is null ? null : _chain.GetRawCommit(h);
                var response = new BlockResponse { Height = h };
                if (raw is { } r && commit is not null)
                {
                    response.Block = Wire.ToWire(r.Header, r.Body);
                    response.Commit = Wire.Bytes(commit);
                }

                await peer.SendBlockAsync(new Envelope { BlockResponse = response }, _stop.Token).ConfigureAwait(false);
                if (response.Block is null) break;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Takes a block a peer sent (null), or says why it is garbage.</summary>
    public string? Receive(Peer peer, BlockResponse response)
    {
        lock (_lock)
        {
            var pending = _requested.Values.FirstOrDefault(p => p.Peer == peer && p.Missing.Contains(response.Height));
            // Blocks nobody asked for are dropped: a peer cannot push blocks into this node.
            if (pending is null) return null;
            pending.Missing.Remove(response.Height);
            if (pending.Missing.Count == 0) _requested.Remove(pending.From);
            if (response.Block is null)
            {
                // It does not have it (it pruned, or its status ran ahead): ask elsewhere.
                _requested.Remove(pending.From);
                peer.Score.Penalize(100);
                _wake.Release();
                return null;
            }

            var block = Wire.FromWire(response.Block, _chain.Runtime.Registry, out var error);
            var commit = error is null ? Wire.CommitFromWire(response.Commit, out error) : null;
            if (error is not null) return error;
            if (block!.Header.Height != response.Height) return $"block {block.Header.Height} sent as {response.Height}";
            if (response.Height > _chain.Height) _arrived[response.Height] = (block, commit!, peer);
        }

        _wake.Release();
        return null;
    }

    private async Task LoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _wake.WaitAsync(TimeSpan.FromMilliseconds(500), _stop.Token).ConfigureAwait(false);
                ImportArrived();
                RequestMore();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // A block that verified but could not be stored: the node must not go on (the store is broken).
            _log.LogCritical(NetworkLogEvents.SyncStopped, e, "block sync stopped");
            Failure = e;
        }
    }

    /// <summary>An error that stopped sync (a store that cannot commit).</summary>
    public Exception? Failure { get; private set; }

    private void ImportArrived()
    {
        while (true)
        {
            (Chain.Blocks.Block Block, Chain.Blocks.Commit Commit, Peer From) next;
            lock (_lock)
            {
                foreach (var stale in _arrived.Keys.Where(h => h <= _chain.Height).ToList()) _arrived.Remove(stale);
                if (!_arrived.Remove(_chain.Height + 1, out next)) return;
            }

            var height = next.Block.Header.Height;
            var error = _chain.ImportBlock(next.Block, next.Commit);
            if (error is null)
            {
                Imported++;
                continue;
            }

            // Consensus may have committed the height meanwhile; otherwise the sender lied.
            if (_chain.Height >= height) continue;
            _peers.Ban(next.From, $"block {height} does not verify: {error}");
            lock (_lock)
            {
                foreach (var p in _requested.Values.Where(p => p.Peer == next.From).ToList()) _requested.Remove(p.From);
                foreach (var h in _arrived.Where(a => a.Value.From == next.From).Select(a => a.Key).ToList()) _arrived.Remove(h);
            }
        }
    }

    private void RequestMore()
    {
        var now = DateTimeOffset.UtcNow;
        var peers = _peers.Peers.Where(p => !p.IsClosed && p.Status is not null).ToList();
        lock (_lock)
        {
            foreach (var late in _requested.Values.Where(p => now - p.At > RequestTimeout || p.Peer.IsClosed).ToList())
            {
                _requested.Remove(late.From);
                if (!late.Peer.IsClosed && late.Peer.Score.Penalize(1_000)) late.Peer.Close("does not answer block requests");
            }

            var top = peers.Select(p => p.Status!.Height).DefaultIfEmpty(0UL).Max();
            var next = _chain.Height + 1;
            if (DeferToConsensus && top == next)
            {
                // One block behind: consensus is probably deciding it right now; fetch it only if that takes a while.
                if (_lagSince == 0) _lagSince = Environment.TickCount64;
                if (Environment.TickCount64 - _lagSince < OneBlockGrace.TotalMilliseconds) return;
            }
            else
            {
                _lagSince = 0;
            }

            // Heights already asked for or already here are skipped; windows go to the least busy peer that has them.
            while (_requested.Count < Window && next <= top)
            {
                if (_arrived.ContainsKey(next) || _requested.Values.Any(p => p.Missing.Contains(next)))
                {
                    next++;
                    continue;
                }

                var count = (uint)Math.Min(RequestSize, top - next + 1);
                var candidates = peers.Where(p => p.Status!.Height >= next + count - 1 || p.Status.Height == top).ToList();
                if (candidates.Count == 0) break;
                var peer = candidates.OrderBy(p => _requested.Values.Count(r => r.Peer == p)).ThenBy(_ => Random.Shared.Next()).First();
                count = (uint)Math.Min(count, peer.Status!.Height - next + 1);
                if (!peer.Send(new Envelope { BlockRequest = new BlockRequest { FromHeight = next, Count = count } })) break;
                _requested[next] = new Pending(next, count, peer, now);
                next += count;
            }
        }
    }

    public void Forget(Peer peer)
    {
        lock (_lock)
        {
            foreach (var p in _requested.Values.Where(p => p.Peer == peer).ToList()) _requested.Remove(p.From);
        }

        lock (_serving) _serving.Remove(peer);
        _wake.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Task[] serving;
        lock (_serving) serving = [.. _serving.Values];
        await Task.WhenAll(serving).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _wake.Dispose();
        _stop.Dispose();
    }
}
