using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using static GridForge.Runtime.Tests.Modules.Staking.StakingTestChain;

namespace GridForge.Runtime.Tests.Modules.Governance;

/// <summary>Issue 7: a market parameter changed by governance — the market follows at exactly the enactment height.</summary>
public sealed class GovernanceMarketTests() : GovernanceTestBase(extra: new Dictionary<string, System.Text.Json.JsonElement>
{
    [GridGenesis.SectionName] = new GridGenesis { Zones = ["Z1"], LocalFee = 5_000 }.ToJsonElement(),
})
{
    /// <summary>A slot an hour ahead: its book is open (within the 24 h horizon, before gate closure).</summary>
    private static readonly SlotId Slot = new((StartTime / 900) + 4);

    private PlaceOrderMessage Buy(long quantity) => new(Slot, Side.Buy, OrderKind.LimitGtc, new Core.Primitives.ZoneId("Z1"), new PricePerKwh(100),
        new Wh(quantity));

    [Fact]
    public void MarketMaxOrderWh_LoweredByGovernance_RefusesALargerOrderFromExactlyTheEnactmentHeight()
    {
        var p = Pass(ProposalAction.SetParameter("market", "max_order_wh", 2_000));
        RunTo(p.EnactmentHeight - 2);

        Assert.Null(Chain.Send(N3, Buy(5_000)));
        Assert.Equal(p.EnactmentHeight - 1, Chain.Height);
        Assert.Equal(MarketCodes.QuantityOutOfBounds, Chain.Send(N3, Buy(5_000))?.Code);
        Assert.Equal(p.EnactmentHeight, Chain.Height);
        Assert.Null(Chain.Send(N3, Buy(2_000)));
    }
}
