using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Metering;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Market;

/// <summary>Market and settlement rules the review of issue 13 found broken (items 5–9), each restored and named after it.</summary>
public sealed class ReviewedMarketRuleTests
{
    private static readonly SigningKey Alice = GridTestChain.Alice;
    private static readonly SigningKey Bob = GridTestChain.Bob;
    private static readonly SigningKey Dso = GridTestChain.Dso;
    private static readonly SlotId S = Ahead(2);

    /// <summary>A debt of <paramref name="amount"/> µWATT owed by <paramref name="debtor"/> to <paramref name="creditor"/>
    /// (<see cref="Address.None"/>: the balancing account), as settlement or a PPA period leaves one.</summary>
    private static void Owes(GridTestChain chain, Address debtor, Address creditor, ulong amount)
    {
        var overlay = new Runtime.State.StateOverlay(chain.State);
        Debts.Add(overlay, debtor, creditor, amount);
        chain.State.Apply(overlay.SortedWrites());
    }

    [Fact]
    public void AmendingASellOrderUp_OrRepricingIt_MeetsTheDebtCheckOfANewSellOrder_ButLoweringItNeedsNone()
    {
        // Item 8: a seller in debt could not place a new offer, but could grow a resting one.
        var chain = Create();
        chain.ProductionMeter("alice-pv", Alice.Address);
        var id = chain.Place(Alice, Sell(S, 60_000, 500));
        Owes(chain, Alice.Address, Address.None, 1_000);

        chain.FailsChangingOnlyFeeAndNonce(Alice, new AmendOrderMessage(id, null, new Wh(900)), MarketCodes.DebtOutstanding);
        chain.FailsChangingOnlyFeeAndNonce(Alice, new AmendOrderMessage(id, new PricePerKwh(50_000), null), MarketCodes.DebtOutstanding);
        chain.Ok(Alice, new AmendOrderMessage(id, null, new Wh(300)));
        Assert.Equal(300, MarketStore.Order(chain.State, id)!.Remaining);
    }

    [Fact]
    public void AnAmendAfterARestart_IsJudgedAsByTheNodeThatKeptItsEngine()
    {
        // Item 9: with max_order_wh at its bound, an order that filled part of it may not grow past MaxQuantity in all; a rebuilt
        // engine used to forget what it had filled and accept what the kept one refused (different state roots).
        var kept = Create(b => b.WithParam(MarketModule.ModuleName, MarketModule.MaxOrderWh.Name, MatchingEngine.MaxQuantity));
        var restarted = Create(b => b.WithParam(MarketModule.ModuleName, MarketModule.MaxOrderWh.Name, MatchingEngine.MaxQuantity));
        foreach (var chain in new[] { kept, restarted })
        {
            // Bob bids 0 µWATT/kWh (nothing to escrow) for almost MaxQuantity; alice, paying 5,000 to deliver, fills 400 Wh of it.
            chain.ProductionMeter("alice-pv", Alice.Address);
            chain.Place(Bob, Buy(S, 0, MatchingEngine.MaxQuantity - 1_000));
            chain.Place(Alice, Sell(S, -5_000, 400));
            Assert.Equal(400, MarketStore.Order(chain.State, 1)!.Filled);
        }

        var amend = new AmendOrderMessage(1, null, new Wh(MatchingEngine.MaxQuantity - 100));
        var a = kept.RunWith(kept.Runtime, Bob, amend);
        var b = restarted.RunWith(new ChainRuntime(restarted.ChainId, ChainRuntime.StandardModules()), Bob, amend);
        Assert.Equal((MarketCodes.QuantityOutOfBounds, MarketCodes.QuantityOutOfBounds), (a.Rejection?.Code, b.Rejection?.Code));
        Assert.Equal(kept.State.Root, restarted.State.Root);
        // An amend that fits is accepted by both, from the same filled amount.
        a = kept.RunWith(kept.Runtime, Bob, new AmendOrderMessage(1, null, new Wh(MatchingEngine.MaxQuantity - 400)));
        b = restarted.RunWith(new ChainRuntime(restarted.ChainId, ChainRuntime.StandardModules()), Bob,
            new AmendOrderMessage(1, null, new Wh(MatchingEngine.MaxQuantity - 400)));
        Assert.True(a.Success && b.Success);
        Assert.Equal(kept.State.Root, restarted.State.Root);
    }

    [Fact]
    public void AMeterRetiredInsideTheMeteringWindow_KeepsItsSlotsDeliveredEnergy_ForTheSellerAndTheBuyersCertificates()
    {
        // Item 6: the reading was accepted, so the energy was delivered, whatever the DSO does with the meter afterwards.
        var chain = Create();
        var pv = chain.ProductionMeter("alice-pv", Alice.Address);
        chain.Place(Alice, Sell(S, 60_000, 1_000));
        chain.Place(Bob, Buy(S, 80_000, 1_000));
        chain.Time = Start(S) + 900 + 10;
        chain.Submit(pv.Read(S, 0, 1_000, 0, 1_000));
        chain.Ok(Dso, new RetireMeterMessage(pv.Id));

        chain.BlockAt(MeteringQueries.WindowClosesAt(chain.State, S));

        var r = SettlementStore.Result(chain.State, S, 0)!;
        Assert.Equal((1_000L, 1_000L, (UInt128)0), (r.Delivered, r.CertifiedWh, r.Penalty));
        Assert.Equal(0UL, Debts.Total(chain.State, Alice.Address));
        Assert.Single(SettlementQueries.CertificatesOf(chain.State, Bob.Address));
    }

    [Fact]
    public void ACapacityCutForASlotWhoseBookIsOpen_TakesEffectOnTheBook_AndARaiseLetsCrossingOrdersTrade()
    {
        // Item 7: the override was accepted with a success event and then ignored by the open book. A DSO cuts a link because
        // the wires cannot carry more (maintenance, a fault): it must hold for the slots being traded now too.
        var chain = Create();
        chain.ProductionMeter("charlie-pv", Charlie.Address, zone: "Z2");
        var z1 = new Core.Primitives.ZoneId("Z1");
        var z2 = new Core.Primitives.ZoneId("Z2");
        chain.Place(Charlie, Sell(S, 50_000, 2_000, zone: "Z2"));                            // the book of S is open
        // The change takes effect at the end of the block that carries it.
        chain.Ok(Dso, new SetCapacityMessage(z2, z1, S, S, new Wh(300), false));
        Assert.Equal(300, GridTopology.Decode(MarketStore.Book(chain.State, S)!.Grid).FindLink(z1, z2)!.Value.CapacityFrom(z2));

        // Bob in Z1 bids for 1,000: only 300 can cross Z2→Z1 now.
        chain.Place(Bob, Buy(S, 90_000, 1_000));
        Assert.Equal(300, Assert.Single(MarketStore.Trades(chain.State, S)).Quantity);

        // The DSO restores the link: the resting bid and offer cross again at the end of that block.
        chain.Ok(Dso, new SetCapacityMessage(z2, z1, S, S, null, false));
        Assert.Equal([300L, 700L], MarketStore.Trades(chain.State, S).Select(t => t.Quantity));
        Assert.Equal(GridModule.TopologyFor(chain.State, S).Encode(), MarketStore.Book(chain.State, S)!.Grid);
        Assert.DoesNotContain(chain.RunBlockEvents(), e => e.Kind == MarketEvents.CapacityApplied);
    }

    [Fact]
    public void ADebtToAContractCounterparty_StopsItsDebtorBuyingAndSelling_UntilPayDebtPaysTheCreditor()
    {
        // Item 5: a PPA payment its payer could not make is a debt to the payee, collected as an imbalance debt is.
        var chain = Create();
        chain.ProductionMeter("alice-pv", Alice.Address);
        Owes(chain, Alice.Address, Address.None, 1_000);
        Owes(chain, Alice.Address, Bob.Address, 5_000);
        chain.FailsChangingOnlyFeeAndNonce(Alice, Buy(S, 80_000, 100), MarketCodes.DebtOutstanding);
        chain.FailsChangingOnlyFeeAndNonce(Alice, Sell(S, 80_000, 100), MarketCodes.DebtOutstanding);
        var (bob, balancing) = (chain.Watt(Bob).Free, chain.Watt(Dso).Free);

        chain.Ok(Alice, new PayDebtMessage(new Amount(3_000)));
        Assert.Equal((balancing + 1_000, bob + 2_000), (chain.Watt(Dso).Free, chain.Watt(Bob).Free));
        Assert.Equal([new DebtEntry(Bob.Address, 3_000)], Debts.Of(chain.State, Alice.Address));
        chain.FailsChangingOnlyFeeAndNonce(Alice, Buy(S, 80_000, 100), MarketCodes.DebtOutstanding);

        chain.Ok(Alice, new PayDebtMessage(new Amount(10_000)));
        Assert.Empty(Debts.Of(chain.State, Alice.Address));
        chain.Place(Alice, Buy(S, 80_000, 100));
    }
}
