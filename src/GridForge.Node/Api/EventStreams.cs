using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using GridForge.Chain;
using GridForge.Chain.Blocks;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;
using Microsoft.AspNetCore.Http;

namespace GridForge.Node.Api;

/// <summary>The node's live streams (Server-Sent Events), one fan-out for all of them: each committed block is turned into
/// its messages once — one <c>block</c> message, one <c>market</c> message per market or settlement event — and the same
/// strings go to every subscriber of that stream. A subscriber that falls behind loses its oldest messages (its queue is
/// bounded) rather than slowing block production or the other subscribers.</summary>
public sealed class EventStreams
{
    /// <summary>What a stream carries; its name is the SSE <c>event:</c> field.</summary>
    public enum Topic
    {
        /// <summary>One message per committed block: its header, its transactions' outcomes and all its events.</summary>
        Block,

        /// <summary>One message per market or settlement event, with the height of its block.</summary>
        Market,
    }

    private static readonly ConditionalWeakTable<ChainNode, EventStreams> ByNode = [];

    private readonly Lock _lock = new();
    private readonly List<Subscriber> _subscribers = [];

    private EventStreams(ChainNode chain) => chain.BlockCommitted += Publish;

    /// <summary>The streams of <paramref name="chain"/> (made on first use, subscribed to its commits once).</summary>
    public static EventStreams For(ChainNode chain) => ByNode.GetValue(chain, c => new EventStreams(c));

    private sealed record Subscriber(Topic Topic, Channel<string> Channel);

    public int SubscriberCount(Topic topic)
    {
        lock (_lock) return _subscribers.Count(s => s.Topic == topic);
    }

    private void Publish(Block block, IReadOnlyList<TxResult> results, IReadOnlyList<Event> endBlockEvents)
    {
        Subscriber[] subscribers;
        lock (_lock) subscribers = [.. _subscribers];
        // Serialising is work on the committing thread: a stream nobody listens to costs nothing.
        if (subscribers.Any(s => s.Topic == Topic.Block)) Send(subscribers, Topic.Block, BlockMessage(block, results, endBlockEvents));
        if (subscribers.Any(s => s.Topic == Topic.Market))
        {
            foreach (var e in results.SelectMany(r => r.Events).Concat(endBlockEvents))
            {
                if (e.Module is MarketModule.ModuleName or SettlementModule.ModuleName) Send(subscribers, Topic.Market, MarketMessage(block.Header.Height, e));
            }
        }
    }

    private static void Send(Subscriber[] subscribers, Topic topic, string message)
    {
        foreach (var s in subscribers)
        {
            if (s.Topic == topic) s.Channel.Writer.TryWrite(message);
        }
    }

    private static string BlockMessage(Block block, IReadOnlyList<TxResult> results, IReadOnlyList<Event> endBlockEvents) =>
        JsonSerializer.Serialize(new
        {
            header = ChainEndpoints.ToResponse(block.Header),
            transactions = results.Select(r => new { hash = r.TxId.ToString(), success = r.Success, code = r.Rejection?.Code }),
            events = results.SelectMany(r => r.Events).Concat(endBlockEvents)
                .Select(e => new { module = e.Module, kind = e.Kind, attributes = EventJson.Attributes(e) }),
        }, JsonSerializerOptions.Web);

    private static string MarketMessage(ulong height, Event e) =>
        JsonSerializer.Serialize(new { height, module = e.Module, kind = e.Kind, attributes = EventJson.Attributes(e) });

    /// <summary>Subscribes to <paramref name="topic"/> with a queue of <paramref name="capacity"/> messages.</summary>
    public ChannelReader<string> Subscribe(Topic topic, int capacity, out Action unsubscribe)
    {
        var subscriber = new Subscriber(topic, Channel.CreateBounded<string>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }));
        lock (_lock) _subscribers.Add(subscriber);
        unsubscribe = () =>
        {
            lock (_lock) _subscribers.Remove(subscriber);
            subscriber.Channel.Writer.TryComplete();
        };
        return subscriber.Channel.Reader;
    }

    /// <summary>Serves one SSE client of <paramref name="topic"/> until it goes away: the headers and a comment line at once
    /// (all a HEAD request gets), then each message as <c>event: NAME</c> / <c>data: JSON</c>.</summary>
    public async Task ServeAsync(HttpContext http, Topic topic, int capacity, string comment)
    {
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var reader = Subscribe(topic, capacity, out var unsubscribe);
        var name = topic == Topic.Block ? "block" : "market";
        var ct = http.RequestAborted;
        try
        {
            await http.Response.WriteAsync($": {comment}\n\n", ct).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            if (ApiErrors.IsHead(http)) return;
            await foreach (var json in reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await http.Response.WriteAsync($"event: {name}\ndata: {json}\n\n", ct).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
        finally
        {
            unsubscribe();
        }
    }
}
