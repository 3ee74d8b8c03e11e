using CsCheck;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Metering;
using GridForge.Tests.TestKit;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Settlement;

/// <summary>Conservation over random small communities, orders and meter data: WATT is never created or lost and every
/// reserved µWATT is accounted for by an order or a trade after every block; delivered ≤ traded and ≤ metered export;
/// certificates issued equal delivered solar and wind Wh.</summary>
public sealed class ConservationPropertyTests
{
    private static readonly SigningKey[] Traders = [GridTestChain.Alice, GridTestChain.Bob, Charlie];

    [Fact]
    public void MoneyAndEnergy_AreConserved_ThroughTradingGateClosureAndSettlement() =>
        Gen.Int[0, int.MaxValue].Sample(seed => Run(seed), iter: 25, threads: 1);

    private static void Run(int seed)
    {
        var random = new Random(seed);
        var chain = Create();
        var meters = new (MeterKey Key, Address Owner, MeterTechnology Tech)[]
        {
            (chain.ProductionMeter("p-alice", GridTestChain.Alice.Address, "Z1", MeterTechnology.Solar), GridTestChain.Alice.Address, MeterTechnology.Solar),
            (chain.ProductionMeter("p-bob", GridTestChain.Bob.Address, "Z1", MeterTechnology.Other), GridTestChain.Bob.Address, MeterTechnology.Other),
            (chain.ProductionMeter("p-charlie", Charlie.Address, "Z2", MeterTechnology.Wind), Charlie.Address, MeterTechnology.Wind),
        };
        var slots = new[] { Ahead(2), Ahead(3) };
        var supply = TokensModule.Supply(chain.State, Token.Watt);
        for (var step = 0; step < 30; step++)
        {
            var who = Traders[random.Next(Traders.Length)];
            var slot = slots[random.Next(slots.Length)];
            var maxId = 1UL + (ulong)step;
            Runtime.Transactions.IMessage message = random.Next(10) switch
            {
                < 4 => Buy(slot, random.Next(-20_000, 150_000), random.Next(1, 1_500), random.Next(2) == 0 ? "Z1" : "Z2", (OrderKind)random.Next(4)),
                < 8 => Sell(slot, random.Next(-20_000, 120_000), random.Next(1, 1_500), random.Next(2) == 0 ? "Z1" : "Z2", (OrderKind)random.Next(4)),
                8 => new CancelOrderMessage((ulong)random.Next(1, (int)maxId + 1)),
                _ => new AmendOrderMessage((ulong)random.Next(1, (int)maxId + 1), random.Next(2) == 0 ? new PricePerKwh(random.Next(0, 150_000)) : null,
                    random.Next(2) == 0 ? new Wh(random.Next(1, 1_500)) : null),
            };
            chain.Run(who, message);
            AssertMoney(chain, supply);
        }

        chain.BlockAt(GateTime(slots[1]));
        AssertMoney(chain, supply);
        var exports = new Dictionary<(Address, long), long>();
        foreach (var slot in slots)
        {
            chain.Time = Start(slot) + 900 + 5;
            var readings = new List<MeterReading>();
            foreach (var m in meters)
            {
                var before = MeteringModule.Registers(chain.State, m.Key.Id).Export.Value;
                var e = random.Next(0, 2_501);
                readings.Add(m.Key.Read(slot, 0, e, 0, before + e));
                exports[(m.Owner, slot.Index)] = e;
            }

            chain.Submit([.. readings]);
            AssertMoney(chain, supply);
        }

        chain.BlockAt(Start(slots[1]) + 900 + 600);
        AssertMoney(chain, supply);
        Assert.Empty(SettlementStore.Pending(chain.State));
        foreach (var t in Traders) Assert.Equal(0UL, chain.Watt(t).Reserved);

        long certified = 0, solarWindDelivered = 0;
        foreach (var slot in slots)
        {
            var deliveredBySeller = new Dictionary<Address, long>();
            foreach (var trade in MarketStore.Trades(chain.State, slot))
            {
                var r = SettlementStore.Result(chain.State, slot, trade.Seq)!;
                Assert.InRange(r.Delivered, 0, trade.Quantity);
                Assert.Equal((long)r.DsoReceived, r.BuyerPaid - r.SellerReceived);
                deliveredBySeller[trade.Seller] = deliveredBySeller.GetValueOrDefault(trade.Seller) + r.Delivered;
                certified += r.CertifiedWh;
                if (trade.Seller != GridTestChain.Bob.Address) solarWindDelivered += r.Delivered;
            }

            foreach (var (seller, delivered) in deliveredBySeller) Assert.True(delivered <= exports[(seller, slot.Index)],
                $"{seller} delivered {delivered} > export");
        }

        Assert.Equal(solarWindDelivered, certified);
        Assert.Equal(certified, SettlementStore.Totals(chain.State).Issued);
    }

    /// <summary>Supply is unchanged and equals every account's free plus reserved; the reserved WATT equals the escrow the
    /// resting orders and the unsettled trades hold.</summary>
    private static void AssertMoney(GridTestChain chain, ulong supply)
    {
        Assert.Equal(supply, TokensModule.Supply(chain.State, Token.Watt));
        var accounts = new[] { GridTestChain.Alice, GridTestChain.Bob, Charlie, GridTestChain.Dso, GridTestChain.Gateway, TestKeys.Validator };
        ulong total = 0, reserved = 0;
        foreach (var a in accounts)
        {
            var b = chain.Watt(a);
            total += b.Free + b.Reserved;
            reserved += b.Reserved;
        }

        Assert.Equal(supply, total);
        Assert.Equal(reserved, chain.MarketEscrow(Enumerable.Range(0, 6).Select(k => Ahead(k))));
    }
}
