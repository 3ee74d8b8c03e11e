using System.Globalization;
using System.Reflection;
using GridForge.Chain;
using GridForge.Runtime.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GridForge.Node.Api;

/// <summary>The committed state one API request reads (DESIGN §5: clients see a block's state only once it is durable, and every
/// answer names the height it shows): a view pinned to the latest published height for the whole request, so that every key it
/// reads — however many, and however long the response takes to write — comes from that one height. Its height is sent in the
/// <see cref="HeightHeader"/> header of the response. A handler asks for it as a parameter.</summary>
public sealed class ReadState : IScannableState
{
    /// <summary>The response header naming the height whose state the answer shows.</summary>
    public const string HeightHeader = "GridForge-Height";

    private readonly StateView _view;

    private ReadState(ChainNode node, StateView view)
    {
        Node = node;
        _view = view;
    }

    public ChainNode Node { get; }

    /// <summary>The height whose state this request reads.</summary>
    public ulong Height => _view.Height;

    /// <summary>That state's root.</summary>
    public Core.Primitives.Hash32 Root => _view.Root;

    /// <summary>The header of the block whose state this is (null at genesis); the head may have moved on since.</summary>
    public Chain.Blocks.BlockHeader? Header => Height == 0 ? null : Node.Head is { } h && h.Height == Height ? h : Node.GetBlock(Height)?.Header;

    /// <summary>That block's time (the genesis time before the first block).</summary>
    public long Time => Header?.Time ?? Node.GenesisTime;

    public byte[]? Get(StateKey key) => _view.Get(key);

    // Explicit, so a handler cannot scan a module's keys itself: listings go through the modules' queries (issue 15).
    IReadOnlyList<KeyValuePair<StateKey, byte[]>> IScannableState.Scan(ReadOnlySpan<byte> prefix) => _view.Scan(prefix);

    public void Set(StateKey key, byte[] value) => throw new InvalidOperationException(
        "the API reads committed state; it changes state only through transactions");

    public void Delete(StateKey key) => throw new InvalidOperationException("the API reads committed state; it changes state only through transactions");

    /// <summary>Minimal APIs' binding: opens the view when the request starts, closes it when the response is done.</summary>
    public static ValueTask<ReadState?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var node = context.RequestServices.GetRequiredService<ChainNode>();
        var view = node.OpenView();
        context.Response.RegisterForDispose(view);
        context.Response.Headers[HeightHeader] = view.Height.ToString(CultureInfo.InvariantCulture);
        return ValueTask.FromResult<ReadState?>(new ReadState(node, view));
    }
}
