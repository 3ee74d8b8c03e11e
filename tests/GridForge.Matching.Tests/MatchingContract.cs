using GridForge.Matching.Tests.Model;
using static GridForge.Matching.Tests.Model.Orders;

namespace GridForge.Matching.Tests;

/// <summary>
/// The one suite every implementation must pass — the engine and the naive reference book alike: a test per
/// Market rule (DESIGN §6, rules 1–9) and long seeded random streams checked against the reference.
/// </summary>
public abstract class MatchingContract
{
    private const int A = 0;
    private const int B = 1;

    public const int StreamLength = 5_000;

    public static IEnumerable<int> SeedNumbers => Enumerable.Range(1, 40);

    public static TheoryData<int> Seeds => [.. SeedNumbers];

    protected abstract IMatchingModel Create(GridSpec grid);

    /// <summary>Zones A and B joined by one link.</summary>
    private static GridSpec TwoZones(long fee = 5, long capacity = 1_000, long congestion = 0, long localFee = 0) =>
        new(["A", "B"], [new LinkSpec(A, B, fee, capacity, capacity)], localFee, congestion);

    [Fact]
    public void Rule1_BuyCrossesRemoteSellOnlyWhenPricePlusFeeIsWithinItsPrice()
    {
        var book = Create(TwoZones(fee: 5));
        book.Submit(Sell(1, 100, 10, zone: A));
        Assert.Empty(book.Submit(Buy(2, 104, 5, zone: B)));
        Assert.Equal([(3, 1, 100, 5, 5)], book.Submit(Buy(3, 105, 5, zone: B)).Trades());
    }

    [Fact]
    public void Rule1_SellCrossesRemoteBuyWhenPriceMinusFeeCoversIt()
    {
        var book = Create(TwoZones(fee: 5));
        book.Submit(Buy(1, 100, 10, zone: B));
        Assert.Empty(book.Submit(Sell(2, 96, 5, zone: A)));
        Assert.Equal([(1, 3, 100, 5, 5)], book.Submit(Sell(3, 95, 5, zone: A)).Trades());
    }

    [Fact]
    public void Rule1_ZonesWithoutALinkNeverTrade()
    {
        var book = Create(new GridSpec(["A", "B", "C"], [new LinkSpec(A, B, 0, 100, 100)]));
        book.Submit(Sell(1, 1, 10, zone: 2));
        Assert.Empty(book.Submit(Buy(2, 100, 5, zone: A)));
        var market = book.Submit(Buy(3, 0, 5, zone: A, kind: OrderKind.Market));
        Assert.Empty(market.Trades());
        Assert.Equal([(3, CancelReason.Ioc, 5)], market.Cancels());
    }

    [Fact]
    public void Rule1_MarketOrderCrossesEveryReachableCounterpartWhateverItsPrice()
    {
        var book = Create(TwoZones(fee: 7));
        book.Submit(Sell(1, 10, 1, zone: A));
        book.Submit(Sell(2, 5_000, 1, zone: B));
        book.Submit(Sell(3, -3, 1, zone: B));
        var events = book.Submit(Buy(4, 0, 3, zone: B, kind: OrderKind.Market));
        Assert.Equal([(4, 3, -3, 1, 0), (4, 1, 10, 1, 7), (4, 2, 5_000, 1, 0)], events.Trades());
        Assert.Empty(events.Cancels());
    }

    [Fact]
    public void Rule2_IncomingBuyTakesTheLowestPricePlusFeeFirstAcrossZones()
    {
        var book = Create(TwoZones(fee: 5));
        book.Submit(Sell(1, 96, 10, zone: A)); // 101 delivered to B
        book.Submit(Sell(2, 100, 10, zone: B)); // 100 delivered to B
        Assert.Equal([(3, 2, 100, 10, 0), (3, 1, 96, 5, 5)], book.Submit(Buy(3, 110, 15, zone: B)).Trades());
    }

    [Fact]
    public void Rule2_EqualEffectivePricesAreTakenInArrivalOrder()
    {
        var book = Create(TwoZones(fee: 5));
        book.Submit(Sell(1, 96, 10, zone: A)); // 101 in B, arrived first
        book.Submit(Sell(2, 101, 10, zone: B)); // 101 in B
        Assert.Equal([(3, 1, 96, 10, 5), (3, 2, 101, 5, 0)], book.Submit(Buy(3, 110, 15, zone: B)).Trades());
    }

    [Fact]
    public void Rule2_IncomingSellTakesTheHighestPriceMinusFeeFirst()
    {
        var book = Create(TwoZones(fee: 5));
        book.Submit(Buy(1, 104, 10, zone: B)); // 99 for a seller in A
        book.Submit(Buy(2, 100, 10, zone: A)); // 100 for a seller in A
        Assert.Equal([(2, 3, 100, 10, 0), (1, 3, 104, 5, 5)], book.Submit(Sell(3, 90, 15, zone: A)).Trades());
    }

    [Fact]
    public void Rule2_SameZoneSamePriceIsFirstComeFirstServed()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Sell(1, 10, 2));
        book.Submit(Sell(2, 10, 2));
        book.Submit(Sell(3, 9, 2));
        Assert.Equal([(4, 3, 9, 2, 0), (4, 1, 10, 2, 0), (4, 2, 10, 1, 0)], book.Submit(Buy(4, 10, 5)).Trades());
    }

    [Fact]
    public void Rule3_TradePriceIsTheRestingOrdersPriceAndTheFeeIsReportedBeside()
    {
        var book = Create(GridSpec.SingleZone(localFee: 2));
        book.Submit(Sell(1, 50, 5));
        var buyTakes = book.Submit(Buy(2, 80, 5));
        Assert.Equal([(2, 1, 50, 5, 2)], buyTakes.Trades());
        Assert.Equal(Side.Buy, buyTakes[0].Side);

        book.Submit(Buy(3, 70, 5));
        var sellTakes = book.Submit(Sell(4, 10, 5));
        Assert.Equal([(3, 4, 70, 5, 2)], sellTakes.Trades());
        Assert.Equal(Side.Sell, sellTakes[0].Side);
    }

    [Fact]
    public void Rule4_SelfTradeCancelsTheRestingOrderAndMatchingGoesOn()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Sell(1, 10, 5, account: 7));
        book.Submit(Sell(2, 11, 5, account: 8));
        var events = book.Submit(Buy(3, 20, 5, account: 7));
        Assert.Equal([(1, CancelReason.SelfTrade, 5)], events.Cancels());
        Assert.Equal([(3, 2, 11, 5, 0)], events.Trades());
        Assert.Equal(MatchEventKind.Cancelled, events[0].Kind);
        Assert.Equal(new OrderState(OrderStatus.Cancelled, 0, 0, 0, CancelReason.SelfTrade), book.GetOrder(new OrderId(1)));
    }

    [Fact]
    public void Rule4_OwnOrdersThatAreNotTheNextCounterpartAreLeftAlone()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Sell(1, 30, 5, account: 7)); // does not cross
        book.Submit(Sell(2, 10, 5, account: 8));
        book.Submit(Sell(3, 11, 5, account: 7)); // crosses, but the buy is done before reaching it
        Assert.Equal([(4, 2, 10, 5, 0)], book.Submit(Buy(4, 20, 5, account: 7)).Trades());
        Assert.Equal([3, 1], book.Snapshot().Orders.Ids());
    }

    [Fact]
    public void Rule5_CrossZoneFillIsCappedByTheRoomOnTheLink()
    {
        var book = Create(TwoZones(fee: 0, capacity: 4));
        book.Submit(Sell(1, 10, 10, zone: A));
        Assert.Equal([(2, 1, 10, 4, 0)], book.Submit(Buy(2, 10, 10, zone: B)).Trades());
        var link = book.Snapshot().Links[0];
        Assert.Equal((4L, 0L), (link.Flow, link.Room));
        Assert.Equal(new OrderState(OrderStatus.Resting, 4, 6, 10, CancelReason.None), book.GetOrder(new OrderId(2)));
    }

    [Fact]
    public void Rule5_CounterpartBehindAFullLinkIsPassedOver()
    {
        var book = Create(TwoZones(fee: 0, capacity: 4));
        book.Submit(Sell(1, 5, 10, zone: A));
        book.Submit(Sell(2, 8, 10, zone: B));
        Assert.Equal([(3, 1, 5, 4, 0), (3, 2, 8, 6, 0)], book.Submit(Buy(3, 10, 10, zone: B)).Trades());
    }

    [Fact]
    public void Rule5_CounterFlowFreesCapacity()
    {
        var book = Create(TwoZones(fee: 0, capacity: 4));
        book.Submit(Sell(1, 5, 20, zone: A));
        book.Submit(Buy(2, 10, 4, zone: B)); // A→B now full
        book.Submit(Sell(3, 1, 3, zone: B));
        Assert.Equal([(4, 3, 1, 3, 0)], book.Submit(Buy(4, 10, 3, zone: A)).Trades()); // B→A: net flow A→B back to 1
        Assert.Equal([(5, 1, 5, 3, 0)], book.Submit(Buy(5, 10, 5, zone: B)).Trades());
        Assert.Equal((4L, 0L), (book.Snapshot().Links[0].Flow, book.Snapshot().Links[0].Room));
    }

    [Fact]
    public void Rule5_CounterFlowReCrossesOrdersLeftRestingByAFullLink()
    {
        // A high local fee keeps the same-zone orders apart, so only the link matters.
        var book = Create(TwoZones(fee: 0, capacity: 4, localFee: 10));
        book.Submit(Sell(1, 5, 20, zone: A));
        book.Submit(Buy(2, 10, 4, zone: B)); // A→B full
        Assert.Empty(book.Submit(Buy(3, 8, 2, zone: B))); // crosses #1, but the link has no room: rests
        Assert.Empty(book.Submit(Sell(4, 1, 3, zone: B)));

        // #5 takes #4 along B→A, freeing 3 Wh on A→B; #3 (the later of the crossing pair) then takes #1 at #1's price.
        var events = book.Submit(Buy(5, 10, 3, zone: A));
        Assert.Equal([(5, 4, 1, 3, 0), (3, 1, 5, 2, 0)], events.Trades());
        Assert.Equal(Side.Buy, events[1].Side);
        Assert.Equal((3L, 1L), (book.Snapshot().Links[0].Flow, book.Snapshot().Links[0].Room));
    }

    [Fact]
    public void Rule6_FeeRisesWithTheFlowStandingBeforeEachFill()
    {
        var book = Create(TwoZones(fee: 10, capacity: 100, congestion: 1_000));
        book.Submit(Sell(1, 0, 50, zone: A));
        book.Submit(Sell(2, 0, 50, zone: A));

        // 10 + floor(10 × 1000 × 50 / (1000 × 100)) = 15 for the second fill; 20 once the link is full.
        Assert.Equal([(3, 1, 0, 50, 10), (3, 2, 0, 50, 15)], book.Submit(Buy(3, 100, 100, zone: B)).Trades());
        Assert.Equal(20, book.Snapshot().Links[0].Fee);
    }

    [Fact]
    public void Rule6_RisingFeeEndsTheCrossing()
    {
        var book = Create(TwoZones(fee: 10, capacity: 100, congestion: 1_000));
        book.Submit(Sell(1, 0, 50, zone: A));
        book.Submit(Sell(2, 0, 50, zone: A));
        Assert.Equal([(3, 1, 0, 50, 10)], book.Submit(Buy(3, 12, 100, zone: B)).Trades()); // next kWh would cost 15
        Assert.Equal(50, book.GetOrder(new OrderId(3)).Remaining);
    }

    [Fact]
    public void Rule6_TradesWithinAZonePayTheLocalFee()
    {
        var book = Create(TwoZones(fee: 10, localFee: 3));
        book.Submit(Sell(1, 10, 5, zone: B));
        Assert.Empty(book.Submit(Buy(2, 12, 5, zone: B)));
        Assert.Equal([(3, 1, 10, 5, 3)], book.Submit(Buy(3, 13, 5, zone: B)).Trades());
    }

    [Fact]
    public void Rule6_CounterFlowPaysTheBaseFee()
    {
        var book = Create(TwoZones(fee: 10, capacity: 100, congestion: 1_000));
        book.Submit(Sell(1, 0, 50, zone: B));
        Assert.Equal([(2, 1, 0, 50, 10)], book.Submit(Buy(2, 100, 50, zone: A)).Trades()); // B→A
        book.Submit(Sell(3, 0, 10, zone: A));
        Assert.Equal([(4, 3, 0, 10, 10)], book.Submit(Buy(4, 100, 10, zone: B)).Trades()); // A→B flow is -50: base fee
    }

    [Fact]
    public void Rule7_IocRemainderIsCancelled()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Sell(1, 10, 5));
        var events = book.Submit(Buy(2, 10, 8, kind: OrderKind.LimitIoc));
        Assert.Equal([(2, 1, 10, 5, 0)], events.Trades());
        Assert.Equal([(2, CancelReason.Ioc, 3)], events.Cancels());
        Assert.Empty(book.Snapshot().Orders);
        Assert.Equal(new OrderState(OrderStatus.Cancelled, 5, 0, 0, CancelReason.Ioc), book.GetOrder(new OrderId(2)));
    }

    [Fact]
    public void Rule7_MarketOrderWithoutCounterpartIsCancelledWhole()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Buy(1, 10, 5));
        Assert.Equal([(2, CancelReason.Ioc, 7)], book.Submit(Buy(2, 0, 7, kind: OrderKind.Market)).Cancels());
    }

    [Fact]
    public void Rule7_FokThatCannotFillCompletelyIsRejectedAndLeavesNoTrace()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Sell(1, 10, 5));
        var before = book.Snapshot();
        Assert.Equal([MatchEvent.Rejected(new OrderId(2), RejectCode.FokNotFilled)], book.Submit(Buy(2, 10, 6, kind: OrderKind.LimitFok)));
        Assert.True(book.Snapshot().SameAs(before));
        Assert.Equal(OrderState.Unknown, book.GetOrder(new OrderId(2)));
        Assert.Equal([(2, 1, 10, 5, 0)], book.Submit(Buy(2, 10, 5, kind: OrderKind.LimitFok)).Trades()); // the id was not used up
    }

    [Fact]
    public void Rule7_FokDryRunPassesOverOwnOrdersAndTheRealRunCancelsThem()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Sell(1, 10, 5, account: 7));
        book.Submit(Sell(2, 11, 5, account: 8));
        Assert.Equal(RejectCode.FokNotFilled, book.Submit(Buy(3, 11, 6, account: 7, kind: OrderKind.LimitFok)).Rejection());
        Assert.Equal([1, 2], book.Snapshot().Orders.Ids()); // the dry run cancelled nothing

        var events = book.Submit(Buy(4, 11, 5, account: 7, kind: OrderKind.LimitFok));
        Assert.Equal([(1, CancelReason.SelfTrade, 5)], events.Cancels());
        Assert.Equal([(4, 2, 11, 5, 0)], events.Trades());
    }

    [Fact]
    public void Rule7_FokDryRunCountsCapacityAndRisingFees()
    {
        var book = Create(TwoZones(fee: 10, capacity: 100, congestion: 1_000));
        book.Submit(Sell(1, 0, 50, zone: A));
        book.Submit(Sell(2, 0, 60, zone: A));
        Assert.Equal(RejectCode.FokNotFilled, book.Submit(Buy(3, 14, 100, zone: B, kind: OrderKind.LimitFok)).Rejection()); // 2nd fill pays 15
        Assert.Equal(RejectCode.FokNotFilled, book.Submit(Buy(4, 100, 101, zone: B, kind: OrderKind.LimitFok)).Rejection()); // room 100
        Assert.Equal([(5, 1, 0, 50, 10), (5, 2, 0, 50, 15)], book.Submit(Buy(5, 15, 100, zone: B, kind: OrderKind.LimitFok)).Trades());
    }

    [Fact]
    public void Rule8_LoweringTheQuantityAtTheSamePriceKeepsThePlace()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Sell(1, 10, 5));
        book.Submit(Sell(2, 10, 5));
        Assert.Empty(book.Amend(new OrderId(1), 10, 3));
        Assert.Equal([(3, 1, 10, 3, 0), (3, 2, 10, 1, 0)], book.Submit(Buy(3, 10, 4)).Trades());
    }

    [Fact]
    public void Rule8_ALargerQuantityOrANewPriceLosesThePlace()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Sell(1, 10, 5));
        book.Submit(Sell(2, 10, 5));
        book.Submit(Sell(3, 10, 5));
        Assert.Empty(book.Amend(new OrderId(1), null, 6));
        Assert.Empty(book.Amend(new OrderId(2), 11, null));
        Assert.Empty(book.Amend(new OrderId(2), 10, null));
        Assert.Equal([3, 1, 2], book.Snapshot().Orders.Ids());
    }

    [Fact]
    public void Rule8_AmendToACrossingPriceTradesAtOnceAtTheRestingPrice()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Buy(1, 8, 5));
        book.Submit(Sell(2, 10, 3));
        var events = book.Amend(new OrderId(1), 12, null);
        Assert.Equal([(1, 2, 10, 3, 0)], events.Trades());
        Assert.Equal(Side.Buy, events[0].Side);
        Assert.Equal(new OrderState(OrderStatus.Resting, 3, 2, 12, CancelReason.None), book.GetOrder(new OrderId(1)));
    }

    [Fact]
    public void Rule9_DuplicateIdIsRejectedEvenAfterTheOrderLeftTheBook()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Sell(1, 10, 5));
        book.Submit(Buy(2, 10, 5));
        book.Submit(Buy(3, 1, 5));
        book.Cancel(new OrderId(3));
        foreach (var id in new[] { 1L, 2, 3 })
        {
            Assert.Equal([MatchEvent.Rejected(new OrderId(id), RejectCode.DuplicateId)], book.Submit(Buy(id, 10, 5)));
        }
    }

    [Fact]
    public void Rule9_QuantityMustBeAPositiveInteger()
    {
        var book = Create(GridSpec.SingleZone());
        Assert.Equal(RejectCode.InvalidQuantity, book.Submit(Buy(1, 10, 0)).Rejection());
        Assert.Equal(RejectCode.InvalidQuantity, book.Submit(Sell(2, 10, -5)).Rejection());
        Assert.Equal(RejectCode.InvalidQuantity, book.Submit(Sell(2, 10, MatchingEngine.MaxQuantity + 1)).Rejection());
        book.Submit(Buy(3, 10, 5));
        Assert.Equal(RejectCode.InvalidQuantity, book.Amend(new OrderId(3), null, 0).Rejection());
        Assert.Equal(5, book.GetOrder(new OrderId(3)).Remaining);

        // An order holds at most MaxQuantity Wh over its life, filled plus remaining, so no sum can overflow.
        book.Submit(Sell(4, 10, 2));
        Assert.Equal(RejectCode.InvalidQuantity, book.Amend(new OrderId(3), null, MatchingEngine.MaxQuantity - 1).Rejection());
        Assert.Empty(book.Amend(new OrderId(3), null, MatchingEngine.MaxQuantity - 2));
    }

    [Fact]
    public void Rule9_PriceMustBeWithinTheLimit()
    {
        var book = Create(GridSpec.SingleZone());
        const long limit = MarketGrid.DefaultPriceLimit;
        Assert.Empty(book.Submit(Buy(1, -limit, 5)));
        Assert.Empty(book.Submit(Sell(2, limit, 5)));
        Assert.Equal(RejectCode.PriceOutOfRange, book.Submit(Buy(3, limit + 1, 5)).Rejection());
        Assert.Equal(RejectCode.PriceOutOfRange, book.Submit(Sell(4, -limit - 1, 5)).Rejection());
        Assert.Equal(RejectCode.PriceOutOfRange, book.Amend(new OrderId(1), -limit - 1, null).Rejection());
        Assert.Equal(RejectCode.PriceOutOfRange, book.Submit(Buy(5, long.MinValue, 5, kind: OrderKind.Market)).Rejection());
    }

    [Fact]
    public void Rule9_UnknownZoneIsRejected()
    {
        var book = Create(TwoZones());
        Assert.Equal(RejectCode.UnknownZone, book.Submit(Buy(1, 10, 5, zone: 2)).Rejection());
        Assert.Equal(RejectCode.UnknownZone, book.Submit(Sell(2, 10, 5, zone: -1)).Rejection());
    }

    [Fact]
    public void Rule9_CancelOrAmendOfAnOrderThatIsNotRestingIsRejected()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Sell(1, 10, 5));
        book.Submit(Buy(2, 10, 5)); // fills #1
        book.Submit(Buy(3, 1, 5));
        book.Cancel(new OrderId(3));
        foreach (var id in new[] { 1L, 2, 3, 99 })
        {
            Assert.Equal([MatchEvent.Rejected(new OrderId(id), RejectCode.NotResting)], book.Cancel(new OrderId(id)));
            Assert.Equal([MatchEvent.Rejected(new OrderId(id), RejectCode.NotResting)], book.Amend(new OrderId(id), 5, 5));
        }
    }

    [Fact]
    public void Rule9_ChecksRunInAFixedOrder()
    {
        var book = Create(GridSpec.SingleZone());
        book.Submit(Buy(1, 10, 5));
        Assert.Equal(RejectCode.DuplicateId, book.Submit(Buy(1, long.MaxValue, 0, zone: 9)).Rejection());
        Assert.Equal(RejectCode.InvalidQuantity, book.Submit(Buy(2, long.MaxValue, 0, zone: 9)).Rejection());
        Assert.Equal(RejectCode.PriceOutOfRange, book.Submit(Buy(2, long.MaxValue, 1, zone: 9)).Rejection());
        Assert.Equal(RejectCode.InvalidQuantity, book.Amend(new OrderId(1), long.MaxValue, -1).Rejection());
    }

    [Fact]
    public void ZeroAndNegativePricesTradeLikeAnyOther()
    {
        var book = Create(TwoZones(fee: 3));
        book.Submit(Sell(1, -50, 5, zone: A));
        Assert.Empty(book.Submit(Buy(2, -48, 5, zone: B))); // -50 + 3 = -47 > -48
        Assert.Equal([(3, 1, -50, 5, 3)], book.Submit(Buy(3, 0, 5, zone: B)).Trades());
        book.Submit(Buy(4, 0, 5, zone: A));
        Assert.Equal([(4, 5, 0, 5, 0)], book.Submit(Sell(5, -9_999_990, 5, zone: A)).Trades());
    }

    [Fact]
    public void CloseGate_ExpiresEveryRestingOrderAndRejectsNewOnes()
    {
        var book = Create(TwoZones());
        book.Submit(Sell(1, 10, 5, zone: B));
        book.Submit(Buy(2, 1, 5, zone: A));
        book.Submit(Buy(3, 2, 5, zone: A));
        Assert.Equal([(3, CancelReason.Expired, 5), (2, CancelReason.Expired, 5), (1, CancelReason.Expired, 5)], book.CloseGate().Cancels());
        Assert.Empty(book.Snapshot().Orders);
        Assert.Equal(RejectCode.GateClosed, book.Submit(Buy(4, 1, 5)).Rejection());
        Assert.Equal(RejectCode.NotResting, book.Cancel(new OrderId(1)).Rejection());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomStream_MatchesTheReferenceAndKeepsEveryInvariant(int seed)
    {
        var rng = new SplitMix((ulong)seed);
        var grid = StreamGenerator.Grid(rng);
        var model = Create(grid);
        var commands = StreamGenerator.Commands(rng, grid, model.GetOrder, StreamLength);
        StreamRunner.Run(model, grid, commands, $"seed {seed}, grid {grid}");
    }
}
