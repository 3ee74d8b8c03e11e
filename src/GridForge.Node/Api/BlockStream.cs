using System.Text.Json;
using System.Threading.Channels;
using GridForge.Chain;
using GridForge.Chain.Blocks;
using GridForge.Runtime.Execution;

namespace GridForge.Node.Api;

/// <summary>Fans committed blocks out to live subscribers (Server-Sent Events). A subscriber that falls
/// behind loses the oldest messages rather than slowing block production.</summary>
public sealed class BlockStream
{
    private readonly Lock _lock = new();
    private readonly List<Channel<string>> _subscribers = [];

    public BlockStream(ChainNode chain) => chain.BlockCommitted += Publish;

    public int SubscriberCount
    {
        get { lock (_lock) return _subscribers.Count; }
    }

    private void Publish(Block block, IReadOnlyList<TxResult> results, IReadOnlyList<Event> endBlockEvents)
    {
        // Serializing a block is work on the producer's thread: nobody listening, nothing to do.
        if (SubscriberCount == 0) return;
        var json = JsonSerializer.Serialize(new
        {
            header = ChainEndpoints.ToResponse(block.Header),
            transactions = results.Select(r => new { hash = r.TxId.ToString(), success = r.Success, code = r.Rejection?.Code }),
            events = results.SelectMany(r => r.Events).Concat(endBlockEvents)
                .Select(e => new { module = e.Module, kind = e.Kind, attributes = e.Attributes.ToDictionary(a => a.Key, a => a.Value) }),
        }, JsonSerializerOptions.Web);
        lock (_lock)
        {
            foreach (var s in _subscribers) s.Writer.TryWrite(json);
        }
    }

    public ChannelReader<string> Subscribe(out Action unsubscribe)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock) _subscribers.Add(channel);
        unsubscribe = () =>
        {
            lock (_lock) _subscribers.Remove(channel);
            channel.Writer.TryComplete();
        };
        return channel.Reader;
    }
}
