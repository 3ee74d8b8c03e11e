using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Metering;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Modules.Market;

/// <summary>Helpers over a <see cref="GridTestChain"/> for market and settlement tests: orders, slot times and balances.
/// Slot <c>Ahead(k)</c> starts k slots after the chain's start; its gate closes 300 s before it starts.</summary>
public static class MarketChain
{
    public static readonly SigningKey Charlie = TestKeys.Charlie;

    /// <summary>A grid test chain that also funds charlie, with a 10-minute metering window (a compressed day), and whatever else
    /// <paramref name="customize"/> adds to the genesis.</summary>
    public static GridTestChain Create(Action<GenesisBuilder>? customize = null) => new(b =>
    {
        b.Funding(Charlie).WithParam(MeteringModule.ModuleName, MeteringModule.AcceptanceWindowSeconds.Name, 600);
        customize?.Invoke(b);
    });

    public static SlotId Ahead(long k) => new(GridTestChain.StartSlot + k);

    public static long Start(SlotId slot) => slot.Index * GridTestChain.SlotSeconds;

    public static long GateTime(SlotId slot) => Start(slot) - 300;

    public static PlaceOrderMessage Buy(SlotId slot, long price, long wh, string zone = "Z1", OrderKind kind = OrderKind.LimitGtc) =>
        new(slot, Side.Buy, kind, new Core.Primitives.ZoneId(zone), new PricePerKwh(price), new Wh(wh));

    public static PlaceOrderMessage Sell(SlotId slot, long price, long wh, string zone = "Z1", OrderKind kind = OrderKind.LimitGtc) =>
        new(slot, Side.Sell, kind, new Core.Primitives.ZoneId(zone), new PricePerKwh(price), new Wh(wh));

    /// <summary>Places an order that must be accepted; returns its id.</summary>
    public static ulong Place(this GridTestChain chain, SigningKey who, PlaceOrderMessage order)
    {
        var events = chain.Ok(who, order);
        return events.Decoded<OrderPlaced>().First().Order;
    }

    public static Balance Watt(this GridTestChain chain, SigningKey who) => TokensModule.GetBalance(chain.State, who.Address, Token.Watt);

    public static Balance Watt(this GridTestChain chain, Address who) => TokensModule.GetBalance(chain.State, who, Token.Watt);

    /// <summary>The WATT the market holds in escrow: resting orders of open books and unsettled trades of <paramref name="slots"/>.</summary>
    public static ulong MarketEscrow(this GridTestChain chain, IEnumerable<SlotId> slots)
    {
        ulong held = 0;
        foreach (var slot in MarketStore.OpenSlots(chain.State).Select(s => new SlotId(s)))
        {
            foreach (var o in MarketStore.Resting(chain.State, MarketStore.Book(chain.State, slot)!)) held += o.Escrow;
        }

        foreach (var t in slots.SelectMany(s => MarketStore.Trades(chain.State, s)))
        {
            if (Runtime.Modules.Settlement.SettlementStore.Result(chain.State, t.Slot, t.Seq) is null) held += t.BuyerEscrow + t.SellerEscrow;
        }

        return held;
    }

    /// <summary>Runs an empty block at <paramref name="time"/>.</summary>
    public static IReadOnlyList<Event> BlockAt(this GridTestChain chain, long time)
    {
        chain.Time = time;
        return chain.RunBlockEvents();
    }

    /// <summary>Runs an empty block and returns its end-of-block events.</summary>
    public static IReadOnlyList<Event> RunBlockEvents(this GridTestChain chain) => chain.Run([], 0).EndBlockEvents;

    /// <summary>Runs one transaction in a block of its own on <paramref name="runtime"/> (a fresh one sees the state only).</summary>
    public static TxResult RunWith(this GridTestChain chain, ChainRuntime runtime, SigningKey who, GridForge.Runtime.Transactions.IMessage message) =>
        chain.Run([chain.Sign(who, message)], 0, runtime).Results[0];

    /// <summary>Registers a production meter of <paramref name="technology"/> for <paramref name="owner"/> in a zone.</summary>
    public static MeterKey ProductionMeter(this GridTestChain chain, string name, Address owner, string zone = "Z1",
        MeterTechnology technology = MeterTechnology.Solar, long ratedPowerW = MeterFixture.RatedPowerW)
    {
        var key = MeterFixture.Key(name);
        chain.Ok(GridTestChain.Dso, MeterFixture.Registration(key, owner, new Core.Primitives.ZoneId(zone), MeterKind.Production, technology, ratedPowerW));
        return key;
    }
}
