using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.State;
using GridForge.Runtime.Tests.Modules.Market;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Execution;

/// <summary>An end of block with an event sink does exactly what one without does; the events go to the sink in the same order
/// instead of coming back as a list.</summary>
public sealed class EventSinkTests
{
    [Fact]
    public void EndBlock_WithASink_HandsOverTheSameEventsInOrder_AndChangesTheStateAlike()
    {
        var chain = Create();
        var slot = Ahead(8);
        chain.Place(GridForge.Runtime.Tests.Modules.Grid.GridTestChain.Alice, Buy(slot, 90_000, 1_000));
        chain.Place(GridForge.Runtime.Tests.Modules.Grid.GridTestChain.Bob, Buy(slot, 80_000, 500));
        var block = new BlockInfo(chain.ChainId, 9, GateTime(slot), chain.Proposer);

        var listed = new StateOverlay(chain.State);
        var events = chain.Runtime.EndBlock(listed, block);
        var sunk = new StateOverlay(chain.State);
        var seen = new List<Event>();
        var returned = chain.Runtime.EndBlock(sunk, block, seen.Add);

        Assert.Contains(events, e => e.Kind == MarketEvents.GateClosed);
        static string Text(Event e) => $"{e.Module}.{e.Kind} {string.Join(' ', e.Attributes.Select(a => $"{a.Key}={a.Value}"))}";
        Assert.Equal(events.Select(Text), seen.Select(Text));
        Assert.Empty(returned);
        Assert.Equal(listed.SortedWrites().Select(w => (w.Key.ToString(), Convert.ToHexString(w.Value ?? []))),
            sunk.SortedWrites().Select(w => (w.Key.ToString(), Convert.ToHexString(w.Value ?? []))));
    }
}
