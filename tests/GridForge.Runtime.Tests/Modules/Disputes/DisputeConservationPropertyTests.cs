using CsCheck;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Market;
using GridForge.Runtime.Tests.Modules.Metering;
using GridForge.Tests.TestKit;
using static GridForge.Runtime.Tests.Modules.Disputes.DisputeChain;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Disputes;

/// <summary>Random disputes over two trades (opened by anyone, about anything, with any claim and bond; ruled by anyone with
/// any amount), before and after settlement, then every deadline reached. After every step: WATT and GRID supply unchanged
/// and equal to all balances; reserved WATT equals the market's escrow plus every open dispute's hold and WATT bond, reserved
/// GRID every open GRID bond; a closed dispute moved at most what it held; a refused step changed only fee and nonce.</summary>
public sealed class DisputeConservationPropertyTests
{
    private static readonly SigningKey[] People = [Alice, Bob, Charlie, Dso];

    [Fact]
    public void HeldFundsAreReleasedOnce_ArbitratorsMoveNoMoreThanHeld_AndMoneyIsConserved() =>
        Gen.Int[0, int.MaxValue].Sample(seed => Run(seed), iter: 20, threads: 1);

    private static void Run(int seed)
    {
        var random = new Random(seed);
        var chain = NewChain(b => b.WithParam(DisputesModule.ModuleName, DisputesModule.DefaultRule.Name, random.Next(2))
            .WithParam(DisputesModule.ModuleName, DisputesModule.RulingWindowSeconds.Name, 100_000)
            .WithParam(DisputesModule.ModuleName, DisputesModule.MaxResolutionsPerBlock.Name, 2));
        var pv = chain.TradeAliceToBob();
        var wind = chain.ProductionMeter("charlie-wind", Charlie.Address, zone: "Z2");
        chain.Place(Charlie, Sell(Slot, 70_000, 1_000, zone: "Z2"));
        chain.Place(Dso, Buy(Slot, 90_000, 1_000));                                   // trade 1: charlie → the DSO across the link
        var supply = (TokensModule.Supply(chain.State, Token.Watt), TokensModule.Supply(chain.State, Token.Grid));
        AssertMoney(chain, supply);

        Steps(chain, random, supply, 40);
        chain.Time = SettleTime - 590;
        var (solar, windWh) = (random.Next(0, 2_501), random.Next(0, 1_001));
        Assert.Equal(["ok", "ok"], MeterFixture.Codes(chain.Submit(pv.Read(Slot, 0, solar, 0, solar), wind.Read(Slot, 0, windWh, 0, windWh))));
        AssertMoney(chain, supply);
        chain.BlockAt(SettleTime);
        AssertMoney(chain, supply);
        Steps(chain, random, supply, 40);

        chain.BlockAt(chain.Time + 200_000);
        while (DueList.First(chain.State) is not null)
        {
            chain.RunBlockEvents();
            AssertMoney(chain, supply);
        }

        foreach (var p in People) Assert.Equal((0UL, 0UL), (chain.Watt(p).Reserved, chain.Grid(p).Reserved));
        for (ulong id = 1; id < DisputesStore.NextId(chain.State); id++) Assert.False(chain.Dispute(id).IsOpen);
    }

    private static void Steps(GridTestChain chain, Random random, (ulong Watt, ulong Grid) supply, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var who = People[random.Next(People.Length)];
            var disputes = DisputesStore.NextId(chain.State);
            Runtime.Transactions.IMessage message;
            if (random.Next(2) == 0)
            {
                var seq = (uint)random.Next(3);
                var subject = random.Next(6) switch
                {
                    0 => DisputeSubject.SettlementOf(Slot, seq),
                    1 => DisputeSubject.ContractPeriod(1, 2),
                    _ => DisputeSubject.Trade(Slot, seq),
                };
                message = Open(subject, (ulong)random.Next(0, 140_000), (ulong)random.Next(9_000_000, 30_000_000), random.Next(2) == 0 ? Token.Watt
                    : Token.Grid);
            }
            else
            {
                var id = (ulong)random.Next(1, (int)disputes + 1);
                var held = DisputesStore.Get(chain.State, id)?.Held ?? 0;
                message = random.Next(3) == 0 ? Uphold(id) : Correct(id, (ulong)random.Next(0, (int)(held * 2) + 2));
                // Mostly the arbitrator, so that disputes close and new ones open over the same funds.
                if (random.Next(2) == 0) who = Dso;
            }

            var before = chain.State.Snapshot();
            var wasOpen = message is RuleDisputeMessage r && DisputesStore.Get(chain.State, r.Dispute) is { IsOpen: true };
            var result = chain.Run(who, message);
            if (!result.Success)
            {
                chain.AssertOnlyFeeAndNonceChanged(before, who.Address);
                if (message is RuleDisputeMessage { Ruling.Kind: RulingKind.Correct } c && wasOpen
                    && c.Ruling.Amount > DisputesStore.Get(chain.State, c.Dispute)!.Held
                    && result.Rejection!.Code is not (DisputesCodes.NotArbitrator or DisputesCodes.PartyCannotRule))
                {
                    Assert.Equal(DisputesCodes.OverHeld, result.Rejection.Code);
                }
            }
            else
            {
                Assert.NotEmpty(result.Events);
                Assert.All(result.Events, e => Assert.Equal(DisputesModule.ModuleName, e.Module));
            }

            if (message is RuleDisputeMessage { } ruled && !wasOpen && DisputesStore.Get(chain.State, ruled.Dispute) is not null)
            {
                Assert.Equal(DisputesCodes.DisputeClosed, result.Rejection?.Code);
            }

            AssertMoney(chain, supply);
        }
    }

    /// <summary>Supply unchanged and equal to all balances; every reserved µ-unit is accounted for by the market or a dispute.</summary>
    private static void AssertMoney(GridTestChain chain, (ulong Watt, ulong Grid) supply)
    {
        var accounts = new[] { Alice, Bob, Charlie, Dso, GridTestChain.Gateway, TestKeys.Validator };
        Assert.Equal(supply, (TokensModule.Supply(chain.State, Token.Watt), TokensModule.Supply(chain.State, Token.Grid)));
        ulong watt = 0, grid = 0, wattReserved = 0, gridReserved = 0;
        foreach (var a in accounts)
        {
            var w = chain.Watt(a);
            var g = chain.Grid(a);
            (watt, grid) = (watt + w.Free + w.Reserved, grid + g.Free + g.Reserved);
            (wattReserved, gridReserved) = (wattReserved + w.Reserved, gridReserved + g.Reserved);
        }

        Assert.Equal(supply, (watt, grid));
        var (wattHeld, gridHeld) = (chain.MarketEscrow([Slot]), 0UL);

        for (ulong id = 1; id < DisputesStore.NextId(chain.State); id++)
        {
            var d = chain.Dispute(id);
            Assert.True(d.ToOpener <= d.Held, $"dispute {id} moved {d.ToOpener} of {d.Held} held");
            Assert.True(d.Held <= d.Claim, $"dispute {id} holds {d.Held} over its claim {d.Claim}");
            if (!d.IsOpen) continue;
            wattHeld += d.Held;
            if (d.BondToken == Token.Watt) wattHeld += d.Bond;
            else gridHeld += d.Bond;
        }

        Assert.Equal((wattHeld, gridHeld), (wattReserved, gridReserved));
    }
}
