using GridForge.Core.Crypto;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.State;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Market;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Settlement;

/// <summary>Issue 13, item 1, for settlement: each slot settles on an overlay of its own and each trade within it too. A trade the
/// runtime cannot settle is voided (both escrows back), a slot that cannot settle at all is tried again and then set aside —
/// and neither stops the other slots or the chain. An imbalance penalty beyond 64 bits is owed exactly.</summary>
public sealed class SettlementIsolationTests
{
    private static readonly SigningKey Alice = GridTestChain.Alice;
    private static readonly SigningKey Bob = GridTestChain.Bob;

    private static void Corrupt(GridTestChain chain, StateKey key) => chain.State.Apply([new(key, [0xFF])]);

    private static StateKey MeterRecordKey(MeterKey meter) => StateKey.Of("metering/meter/", meter.Id.Key.ToArray());

    [Fact]
    public void ATradeTheRuntimeCannotSettle_IsVoided_BothEscrowsReleased_AndTheSlotsOtherTradesSettle()
    {
        var chain = Create();
        var alicePv = chain.ProductionMeter("alice-pv", Alice.Address);
        chain.ProductionMeter("charlie-pv", Charlie.Address);
        var s = Ahead(2);
        chain.Place(Alice, Sell(s, 60_000, 1_000));
        chain.Place(Charlie, Sell(s, 61_000, 1_000));
        chain.Place(Bob, Buy(s, 80_000, 2_000));
        chain.BlockAt(GateTime(s));
        var bobHeld = chain.Watt(Bob).Reserved;
        Assert.Equal(2, MarketStore.Trades(chain.State, s).Count);
        // Allocating alice's export reads her meter's record, now corrupt.
        Corrupt(chain, MeterRecordKey(alicePv));

        var events = chain.BlockAt(MeteringQueries.WindowClosesAt(chain.State, s));

        var voided = Assert.Single(events.Decoded<TradeVoided>());
        Assert.Equal((0U, Runtime.RejectionCodes.InternalError), (voided.Trade, voided.Code));
        var (t0, t1) = (SettlementStore.Result(chain.State, s, 0)!, SettlementStore.Result(chain.State, s, 1)!);
        Assert.True(t0.Voided);
        Assert.Equal((0L, 0L, 65_000UL), (t0.Delivered, t0.BuyerPaid, t0.BuyerReleased));
        Assert.False(t1.Voided);
        Assert.Single(events, e => e.Kind == SettlementEvents.SlotSettled);
        Assert.Equal(0UL, chain.Watt(Bob).Reserved);
        Assert.Equal(0UL, chain.MarketEscrow([s]));
        Assert.True(bobHeld > 0);
    }

    [Fact]
    public void ASlotThatCannotSettle_IsTriedAgainAtTheNextBlocks_ThenSetAsideAsStalled_AndLaterSlotsStillSettle()
    {
        var chain = Create();
        chain.ProductionMeter("alice-pv", Alice.Address);
        var (s1, s2) = (Ahead(2), Ahead(3));
        chain.Place(Alice, Sell(s1, 60_000, 1_000));
        chain.Place(Bob, Buy(s1, 80_000, 1_000));
        chain.Place(Alice, Sell(s2, 60_000, 1_000));
        chain.Place(Bob, Buy(s2, 80_000, 1_000));
        chain.BlockAt(GateTime(s2));
        Corrupt(chain, MarketStore.TradeKey(s1, 0));

        chain.Time = MeteringQueries.WindowClosesAt(chain.State, s1);
        var failures = Enumerable.Range(0, ItemAttempts.Max).SelectMany(_ => chain.RunBlockEvents())
            .Where(e => e.Kind is SettlementEvents.SlotSettlementFailed or SettlementEvents.SlotSettlementStalled).Select(e => e.Kind).ToList();

        Assert.Equal([.. Enumerable.Repeat(SettlementEvents.SlotSettlementFailed, ItemAttempts.Max), SettlementEvents.SlotSettlementStalled], failures);
        Assert.Equal([s1.Index], SettlementStore.Stalled(chain.State));
        Assert.DoesNotContain(s1.Index, SettlementStore.Pending(chain.State));
        var later = chain.BlockAt(MeteringQueries.WindowClosesAt(chain.State, s2));
        Assert.Single(later.Decoded<SlotSettled>(), e => e.Slot == s2);
        Assert.NotNull(SettlementStore.Result(chain.State, s2, 0));
    }

    [Fact]
    public void AnImbalancePenaltyBeyond64SignedBits_IsOwedExactly_PaidAsFarAsTheSellerCan_TheRestADebt()
    {
        // Governance's bounds: the largest penalty, meters and orders (issue 13: "settlement's imbalance penalty can overflow").
        var utility = GridForge.Tests.TestKit.TestKeys.Outsider("utility");
        var chain = Create(b => b.WithAccount(utility, watt: 1_000_000 * Core.Primitives.Amount.MicroPerUnit)
            .WithParam(SettlementModule.ModuleName, SettlementModule.ImbalancePenalty.Name, SettlementModule.ImbalancePenalty.Max)
            .WithParam(MeteringModule.ModuleName, MeteringModule.MaxRatedPowerW.Name, MeteringModule.MaxRatedPowerW.Max)
            .WithParam(MarketModule.ModuleName, MarketModule.MaxOrderWh.Name, 1_000_000_000_000));
        for (var i = 0; i < 4; i++) chain.ProductionMeter($"plant-{i}", Alice.Address, ratedPowerW: MeteringModule.MaxRatedPowerW.Max);
        var s = Ahead(2);
        const long wh = 10_000_000_000;                                               // 4 × 2.5 × 10^9 Wh: all the plants can give
        chain.Place(Alice, Sell(s, 1, wh));
        chain.Place(utility, Buy(s, 5_001, wh));
        chain.BlockAt(GateTime(s));
        var aliceFree = chain.Watt(Alice).Free;

        chain.BlockAt(MeteringQueries.WindowClosesAt(chain.State, s));              // no reading: nothing delivered

        var r = SettlementStore.Result(chain.State, s, 0)!;
        var penalty = (UInt128)wh * (ulong)SettlementModule.ImbalancePenalty.Max / 1000;
        Assert.True(penalty > long.MaxValue);
        Assert.Equal((penalty, aliceFree, (ulong)(penalty - aliceFree)), (r.Penalty, r.PenaltyPaid, r.DebtAdded));
        Assert.Equal(r.DebtAdded, Debts.ToBalancing(chain.State, Alice.Address));
        Assert.Equal(0UL, chain.Watt(Alice).Free);
    }
}
