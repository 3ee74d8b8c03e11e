using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Market;
using GridForge.Runtime.Tests.Modules.Metering;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Settlement;

/// <summary>A small community trades a compressed day of slots with meter readings; every balance, fee, penalty,
/// debt, energy balance and certificate is checked against values computed by hand in the comments.</summary>
public sealed class SettlementEndToEndTests
{
    private static readonly Address Alice = GridTestChain.Alice.Address;
    private static readonly Address Bob = GridTestChain.Bob.Address;
    private static readonly Address Dso = GridTestChain.Dso.Address;

    [Fact]
    public void ACommunityDay_SettlesEveryTradeAsComputedByHand()
    {
        var chain = Create();
        var pv = chain.ProductionMeter("alice-pv", Alice);                                          // solar, Z1, 2,500 Wh per slot
        var wind = chain.ProductionMeter("charlie-wind", Charlie.Address, zone: "Z2", technology: MeterTechnology.Wind);
        var s1 = Ahead(2);
        var s2 = Ahead(3);

        // Slot 1: alice's ask rests, bob buys into it: price 60,000 + local fee 5,000 → b = 65,000, s = 60,000.
        chain.Place(GridTestChain.Alice, Sell(s1, 60_000, 2_000));
        chain.Place(GridTestChain.Bob, Buy(s1, 80_000, 2_000));
        // Slot 2: bob's bid in Z1 rests at 90,000; charlie sells from Z2 across the link (fee 10,000): s = 80,000, b = 90,000.
        chain.Place(GridTestChain.Bob, Buy(s2, 90_000, 1_000));
        chain.Place(Charlie, Sell(s2, 70_000, 1_000, zone: "Z2"));

        var dso0 = chain.Watt(Dso).Free;
        var alice0 = chain.Watt(GridTestChain.Alice);
        var bob0 = chain.Watt(GridTestChain.Bob);
        var charlie0 = chain.Watt(Charlie);
        Assert.Equal(130_000UL + 90_000UL, bob0.Reserved);

        // Gates close; then the slots end and the meters report: alice exported 1,500 of 2,000 Wh, charlie all 1,000.
        chain.BlockAt(GateTime(s2));
        chain.Time = Start(s1) + 900 + 10;
        chain.Submit(pv.Read(s1, 0, 1_500, 0, 1_500));
        chain.BlockAt(Start(s1) + 900 + 599);
        Assert.Equal(2, SettlementStore.Pending(chain.State).Count);
        chain.Time = Start(s2) + 900 + 10;
        chain.Submit(wind.Read(s2, 0, 1_000, 0, 1_000));
        Assert.Single(SettlementStore.Pending(chain.State));
        chain.BlockAt(Start(s2) + 900 + 600);
        Assert.Empty(SettlementStore.Pending(chain.State));

        // Slot 1, delivered 1,500: bob pays ceil(1,500 × 65,000 / 1000) = 97,500; alice gets 90,000; the DSO 7,500.
        // 500 Wh short: bob's 32,500 of escrow comes back, alice pays ceil(500 × 100,000 / 1000) = 50,000 of penalty.
        var r1 = SettlementStore.Result(chain.State, s1, 0)!;
        Assert.Equal((1_500L, 97_500L, 90_000L, 7_500UL, 32_500UL, 50_000UL, 50_000UL, 0UL, 1_500L),
            (r1.Delivered, r1.BuyerPaid, r1.SellerReceived, r1.DsoReceived, r1.BuyerReleased, r1.Penalty, r1.PenaltyPaid, r1.DebtAdded, r1.CertifiedWh));
        // Slot 2, delivered 1,000: bob pays 90,000, charlie gets 80,000, the DSO the 10,000 link fee.
        var r2 = SettlementStore.Result(chain.State, s2, 0)!;
        Assert.Equal((1_000L, 90_000L, 80_000L, 10_000UL, 0UL, 0UL),
            (r2.Delivered, r2.BuyerPaid, r2.SellerReceived, r2.DsoReceived, r2.BuyerReleased, r2.Penalty));

        Assert.Equal(bob0.Free + 32_500, chain.Watt(GridTestChain.Bob).Free);
        Assert.Equal(0UL, chain.Watt(GridTestChain.Bob).Reserved);
        Assert.Equal(alice0.Free + 90_000 - 50_000, chain.Watt(GridTestChain.Alice).Free);
        Assert.Equal(charlie0.Free + 80_000, chain.Watt(Charlie).Free);
        Assert.Equal(dso0 + 7_500 + 50_000 + 10_000, chain.Watt(Dso).Free);

        // Energy balances: bought/sold what was traded, delivered what the meters allow, alice 500 Wh short.
        Assert.Equal(new EnergyBalance(new Wh(1_500), default, default, new Wh(2_000), new Wh(1_500), new Wh(500)), EnergyBalances.Get(chain.State, Alice, s1));
        Assert.Equal(new EnergyBalance(default, default, new Wh(2_000), default, new Wh(1_500), default), EnergyBalances.Get(chain.State, Bob, s1));

        // Certificates: 1,500 Wh solar (slot 1, Z1) and 1,000 Wh wind (slot 2, Z2), both bob's.
        var c1 = SettlementStore.Certificate(chain.State, 1)!;
        var c2 = SettlementStore.Certificate(chain.State, 2)!;
        Assert.Equal((Bob, 1_500L, MeterTechnology.Solar, s1, "Z1", pv.Id), (c1.Owner, c1.Wh, c1.Technology, c1.Slot, c1.Zone.Name, c1.Meter));
        Assert.Equal((Bob, 1_000L, MeterTechnology.Wind, s2, "Z2"), (c2.Owner, c2.Wh, c2.Technology, c2.Slot, c2.Zone.Name));
        Assert.Equal((2_500L, 0L), SettlementStore.Totals(chain.State));

        // Bob gives 400 Wh to alice (a new certificate), retires 1,100; retired Wh can never be claimed again.
        chain.Ok(GridTestChain.Bob, new TransferCertificateMessage(1, Alice, new Wh(400)));
        chain.Ok(GridTestChain.Bob, new RetireCertificateMessage(1, new Wh(1_100)));
        Assert.Equal((0L, 1_100L), (SettlementStore.Certificate(chain.State, 1)!.Wh, SettlementStore.Certificate(chain.State, 1)!.Retired));
        Assert.Equal((Alice, 400L, 1UL), (SettlementStore.Certificate(chain.State, 3)!.Owner, SettlementStore.Certificate(chain.State, 3)!.Wh,
            SettlementStore.Certificate(chain.State, 3)!.Origin));
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Bob, new RetireCertificateMessage(1, new Wh(1)), SettlementCodes.QuantityOutOfBounds);
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Alice, new RetireCertificateMessage(2, new Wh(1)), SettlementCodes.NotOwner);
        Assert.Equal((2_500L, 1_100L), SettlementStore.Totals(chain.State));
    }

    [Fact]
    public void APenaltyTheSellerCannotPay_BecomesADebtThatBlocksSellingUntilPaid()
    {
        var chain = Create();
        var poor = Core.Crypto.SigningKey.FromSeed(Core.Crypto.Hashing.Domain("test", "poor seller"u8).ToArray());
        chain.Ok(GridTestChain.Alice, new Runtime.Modules.Tokens.TransferMessage(poor.Address, Token.Watt, new Amount(3_000)));
        chain.ProductionMeter("poor-pv", poor.Address);
        var s = Ahead(2);
        chain.Place(poor, Sell(s, 10_000, 1_000));                                                    // pays 1,000 fee, 2,000 left
        chain.Place(GridTestChain.Bob, Buy(s, 20_000, 1_000));
        chain.BlockAt(Start(s) + 900 + 600);                                                           // no reading: nothing delivered
        // Penalty ceil(1,000 × 100,000 / 1000) = 100,000: 2,000 paid, 98,000 owed.
        Assert.Equal(98_000UL, Debts.Total(chain.State, poor.Address));
        Assert.Equal(0UL, chain.Watt(poor).Free);
        chain.Ok(GridTestChain.Alice, new Runtime.Modules.Tokens.TransferMessage(poor.Address, Token.Watt, new Amount(200_000)));
        chain.FailsChangingOnlyFeeAndNonce(poor, Sell(Ahead(10), 10_000, 100), MarketCodes.DebtOutstanding);
        chain.Ok(poor, new PayDebtMessage(new Amount(1_000_000)));
        Assert.Equal(0UL, Debts.Total(chain.State, poor.Address));
        chain.Place(poor, Sell(Ahead(10), 10_000, 100));
        chain.FailsChangingOnlyFeeAndNonce(poor, new PayDebtMessage(new Amount(1)), SettlementCodes.NoDebt);
    }
}
