using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Metering;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Market;

/// <summary>Market and settlement rules the review of issue 13 found broken, each restored and named after it.</summary>
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

        chain.BlockAt(MeteringModule.WindowClosesAt(chain.State, S));

        var r = SettlementStore.Result(chain.State, S, 0)!;
        Assert.Equal((1_000L, 1_000L, (UInt128)0), (r.Delivered, r.CertifiedWh, r.Penalty));
        Assert.Equal(0UL, Debts.Total(chain.State, Alice.Address));
        Assert.Single(chain.State.Scan(MarketStore.AccountPrefix(SettlementStore.OwnerCertificatePrefix, Bob.Address)));
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

        chain.Ok(Alice, new PayDebtMessage(3_000));
        Assert.Equal((balancing + 1_000, bob + 2_000), (chain.Watt(Dso).Free, chain.Watt(Bob).Free));
        Assert.Equal([new DebtEntry(Bob.Address, 3_000)], Debts.Of(chain.State, Alice.Address));
        chain.FailsChangingOnlyFeeAndNonce(Alice, Buy(S, 80_000, 100), MarketCodes.DebtOutstanding);

        chain.Ok(Alice, new PayDebtMessage(10_000));
        Assert.Empty(Debts.Of(chain.State, Alice.Address));
        chain.Place(Alice, Buy(S, 80_000, 100));
    }
}
