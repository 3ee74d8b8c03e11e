using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Market;

/// <summary>The continuous double auction on chain (DESIGN §6 Market): one book per delivery slot, matched by the
/// matching engine in block order, with escrow, meter-backed sell limits and gate closure. The state is the truth;
/// the engines are a cache checked against each book's change counter before every use.</summary>
public sealed partial class MarketModule : IModule
{
    public const string ModuleName = "market";

    private readonly SlotEngines _engines = new();
    private readonly MarketNeeds _needs;

    /// <summary>A market that reaches other modules only through <paramref name="needs"/>.</summary>
    internal MarketModule(MarketNeeds needs) => _needs = needs;

    public byte Id => ModuleIds.Market;

    public string Name => ModuleName;

    public void RegisterMessages(MessageRegistry registry)
    {
        registry.Register(ModuleIds.Market, PlaceOrderMessage.TypeId, "market.place_order", PlaceOrderMessage.Decode);
        registry.Register(ModuleIds.Market, AmendOrderMessage.TypeId, "market.amend_order", AmendOrderMessage.Decode);
        registry.Register(ModuleIds.Market, CancelOrderMessage.TypeId, "market.cancel_order", CancelOrderMessage.Decode);
    }

    public void InitGenesis(TxContext context, GenesisDocument genesis)
    {
    }

    public Rejection? Execute(TxContext context, IMessage message) => message switch
    {
        PlaceOrderMessage m => Place(context, m),
        AmendOrderMessage m => Amend(context, m),
        CancelOrderMessage m => Cancel(context, m),
        _ => new Rejection(RejectionCodes.UnknownMessage, $"the market module has no message {message.Type}"),
    };

    /// <summary>Gate closure: every open book whose gate time has passed expires its resting orders (escrow released) and
    /// closes; a closed book with trades waits for settlement. Each book closes on an overlay of its own; one that fails stays
    /// open (it takes no orders past its gate time anyway) and is tried again at the next blocks, and after
    /// <see cref="ItemAttempts.Max"/> failures it is set aside as stalled with its orders' escrow still reserved.</summary>
    public void EndBlock(TxContext context)
    {
        var state = context.State;
        var open = MarketStore.OpenSlots(state);
        ApplyCapacityChanges(context, open);
        if (open.Count == 0) return;
        var still = new List<long>(open.Count);
        foreach (var slot in open)
        {
            if (GateTime(state, new SlotId(slot)) > context.Block.Time)
            {
                still.Add(slot);
                continue;
            }

            var failed = context.RunIsolated(new WorkItem("gate closure of slot", slot), inner => CloseGate(inner, new SlotId(slot)));
            if (failed is null)
            {
                ItemAttempts.Succeeded(state, Name, "gate", slot);
                continue;
            }

            // Whatever the failed closure did to the cached engine is not in the state: rebuild it on next use.
            _engines.Drop(slot);
            var attempts = ItemAttempts.Failed(state, Name, "gate", slot);
            context.Emit(new GateClosureFailed(new SlotId(slot), attempts, failed.Code, failed.Message));
            if (attempts < ItemAttempts.Max) still.Add(slot);
            else MarketStore.AddStalled(state, new SlotId(slot));
        }

        MarketStore.SetOpenSlots(state, still);
    }

    /// <summary>A grid operator's capacity change for slots whose books are already open takes effect on them (the DSO cut or
    /// raised the link for a reason): once per change, at the end of the block that made it, each open book before its gate
    /// takes the capacities its slot now has. Flows already traded stay (a flow above a lowered capacity only leaves that
    /// direction without room); where room grew, resting orders that now cross trade as after a counter-flow (Market rule 5).
    /// Zones, links and fees stay as frozen when the book opened. A book whose change fails keeps its old capacities.</summary>
    private void ApplyCapacityChanges(TxContext context, IReadOnlyList<long> open)
    {
        var state = context.State;
        var epoch = _needs.Grid.CapacityEpoch(state);
        if (epoch == MarketStore.CapacityEpochSeen(state)) return;
        foreach (var slot in open)
        {
            if (GateTime(state, new SlotId(slot)) <= context.Block.Time) continue;
            if (context.RunIsolated(new WorkItem("capacity change of slot", slot), inner => ApplyCapacities(inner, new SlotId(slot))) is { } failed)
            {
                _engines.Drop(slot);
                context.Emit(new CapacityChangeFailed(new SlotId(slot), failed.Code, failed.Message));
            }
        }

        MarketStore.SetCapacityEpochSeen(state, epoch);
    }

    private void ApplyCapacities(TxContext context, SlotId slot)
    {
        var state = context.State;
        var book = MarketStore.Book(state, slot) ?? throw new InvalidOperationException($"open slot {slot} has no book");
        var frozen = GridTopology.Decode(book.Grid);
        var now = _needs.Grid.TopologyFor(state, slot);
        var updated = frozen.WithCapacities((from, to, old) => now.FindLink(from, to) is { } l ? l.CapacityFrom(from) : old);
        if (updated.Links.SequenceEqual(frozen.Links)) return;
        // The engine as the book stands (its old grid), then the new capacities one direction at a time, each booked as a command.
        var engine = _engines.ForUpdate(state, book);
        book.Grid = updated.Encode();
        for (var p = 0; p < frozen.Links.Count; p++)
        {
            foreach (var (from, to) in (ReadOnlySpan<(ZoneId, ZoneId)>)[(frozen.Links[p].From, frozen.Links[p].To), (frozen.Links[p].To, frozen.Links[p].From)])
            {
                var capacity = updated.Links[p].CapacityFrom(from);
                if (capacity == frozen.Links[p].CapacityFrom(from)) continue;
                var code = engine.SetCapacity(MarketGrids.Zone(engine.Grid, from), MarketGrids.Zone(engine.Grid, to), capacity);
                if (code != RejectCode.None) throw new InvalidOperationException(
                    $"slot {slot}: the engine refused the capacity {capacity} for {from}→{to}: {code}");
                var trades = engine.Events.Length;
                Apply(context, book, engine, null, rests: false);
                context.Emit(new CapacityApplied(slot, from, to, capacity, trades));
            }
        }

        _engines.Regrid(book);
    }

    /// <summary>When a slot's book closes: its start minus <c>market.gate_closure_s</c>.</summary>
    public long GateTime(IState state, SlotId slot) =>
        checked((slot.Index * _needs.Grid.SlotLengthSeconds(state)) - GateClosureSeconds.Get(state));

    private void CloseGate(TxContext context, SlotId slot)
    {
        var state = context.State;
        var book = MarketStore.Book(state, slot) ?? throw new InvalidOperationException($"open slot {slot} has no book");
        var expired = 0;
        foreach (var o in MarketStore.Resting(state, book))
        {
            var removed = o.Remaining;
            var released = o.Escrow;
            Release(state, o, released);
            if (o.Side == Side.Sell) MarketStore.AddOffered(state, slot, o.Owner, o.Zone, -removed);
            o.Remaining = 0;
            o.Escrow = 0;
            o.Status = MarketOrderStatus.Expired;
            o.Reason = CancelReason.Expired;
            o.PrevResting = o.NextResting = 0;
            MarketStore.SetOrder(state, o);
            context.Emit(Cancelled(o, removed, CancelReason.Expired, released));
            expired++;
        }

        book.Status = SlotStatus.Closed;
        book.Head = book.Tail = 0;
        book.RestingCount = 0;
        book.Counter++;
        MarketStore.SetBook(state, book);
        _engines.Drop(slot.Index);
        if (book.TradeCount > 0) _needs.Settlement.SlotClosedWithTrades(state, slot);
        context.Emit(new GateClosed(slot, expired, book.TradeCount));
    }

    private void Release(IState state, MarketOrder order, ulong amount)
    {
        if (amount > 0) _needs.Tokens.Unreserve(state, order.Owner, Token.Watt, amount);
    }

    private static OrderCancelled Cancelled(MarketOrder o, long quantity, CancelReason reason, ulong released) =>
        new(o.Id, o.Slot, o.Owner, o.Side, o.Zone, o.Price, quantity, reason, released);
}
