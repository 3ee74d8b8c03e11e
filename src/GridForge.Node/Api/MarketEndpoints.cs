using GridForge.Chain;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Api;

/// <summary>The market under <c>/api/v1/market</c>: book depth per zone and trades of a slot, an account's orders, trades,
/// settlements and certificates, and a live stream of trades and book changes. Orders are placed, amended and cancelled
/// with signed transactions through the submit endpoint.</summary>
public static class MarketEndpoints
{
    /// <summary>One price level: price (µWATT/kWh), total Wh and order count.</summary>
    public sealed record LevelResponse(long Price, long Quantity, int Orders);

    /// <summary>The depth of one zone: bids best first, asks best first.</summary>
    public sealed record ZoneBookResponse(string Zone, IReadOnlyList<LevelResponse> Bids, IReadOnlyList<LevelResponse> Asks);

    /// <summary>A slot's book as the state has it.</summary>
    public sealed record BookResponse(long Slot, string Status, long Trades, long Resting, IReadOnlyList<ZoneBookResponse> Zones);

    /// <summary>An order as stored.</summary>
    public sealed record OrderResponse(ulong Id, long Slot, string Owner, string Side, string Kind, string Zone, long Price, long Quantity,
        long Remaining, long Filled, ulong Escrow, string Status, string Reason, ulong? Contract);

    /// <summary>A trade with its per-kWh prices for buyer and seller, and its settlement once settled.</summary>
    public sealed record TradeResponse(long Slot, uint Seq, ulong Buy, ulong Sell, string Buyer, string Seller, string BuyZone, string SellZone,
        long Price, long Fee, long Quantity, long BuyerPrice, long SellerPrice, ulong BuyerEscrow, ulong SellerEscrow, TradeSettlement? Settlement,
            ulong? Contract);

    /// <summary>An account's debts: the total and each creditor's part (<c>balancing</c>: the balancing account).</summary>
    public sealed record DebtResponse(ulong Debt, IReadOnlyList<DebtEntryResponse> Debts);

    /// <summary>One debt.</summary>
    public sealed record DebtEntryResponse(string Creditor, ulong Amount);

    /// <summary>A certificate of origin.</summary>
    public sealed record CertificateResponse(ulong Id, long Slot, string Zone, string Technology, string Meter, string Owner, long Wh, long Retired,
        ulong Origin);

    /// <summary>One direction of a link in a slot: capacity, net flow, room (Wh) and the fee the next kWh would pay (µWATT/kWh).</summary>
    public sealed record SlotLinkResponse(string From, string To, long BaseFee, long Capacity, long Flow, long Room, long Fee);

    /// <summary>A slot's links as its book sees them (<c>not_open</c>: the grid in force for the slot, no flow yet).</summary>
    public sealed record SlotLinksResponse(long Slot, string Book, long LocalFee, long CongestionPermille, IReadOnlyList<SlotLinkResponse> Links, ulong Height);

    /// <summary>One slot's trading: book state, trades, Wh, prices (µWATT/kWh; null without trades).</summary>
    public sealed record SlotSummaryResponse(long Slot, string Book, long Trades, long VolumeWh, long? AveragePrice, long? LowPrice, long? HighPrice,
        long? AverageAllIn);

    /// <summary>The most slots one summary may span (two days of 15-minute slots).</summary>
    public const long MaxSummarySlots = 192;

    public static void Map(IEndpointRouteBuilder app, ChainNode node)
    {
        var api = app.MapGroup("/api/v1/market");

        api.MapGet("/slots/{slot}/links", (long slot, ReadState state) =>
        {
            var (book, topology, links) = MarketQueries.Links(state, new SlotId(slot));
            return Results.Ok(new SlotLinksResponse(slot, MarketQueries.Name(book), topology.LocalFee, topology.CongestionPermille,
                [.. links.Select(l => new SlotLinkResponse(topology.Zones[l.From.Index].Name, topology.Zones[l.To.Index].Name, l.BaseFee, l.Capacity, l.Flow,
                    l.Room, l.Fee))],
                state.Height));
        }).Produces<SlotLinksResponse>()
            .WithSummary("A slot's links in each direction: capacity, net flow, room and the fee the next kWh would pay (the grid's base fees and full " +
                "capacity before the book opens).");

        api.MapGet("/summary", (long from, long to, ReadState state) =>
        {
            if (to < from || to - from >= MaxSummarySlots) return Problems.BadRequest($"from and to are slots with from ≤ to < from + {MaxSummarySlots}");
            return Results.Ok(MarketQueries.Summary(state, new SlotId(from), new SlotId(to))
                .Select(s => new SlotSummaryResponse(s.Slot, MarketQueries.Name(s.Book), s.Trades, s.VolumeWh, s.AveragePrice, s.LowPrice, s.HighPrice,
                    s.AverageAllIn)).ToList());
        }).Produces<List<SlotSummaryResponse>>()
            .WithSummary("Each slot's trading from..to (inclusive, at most 192 slots): book state, trades, Wh, average (volume-weighted), lowest and highest " +
                "trade price, average all-in price.");

        api.MapGet("/slots/{slot}/book", (long slot, ReadState state) =>
        {
            if (MarketQueries.Book(state, new SlotId(slot)) is not { } book) return Problems.Of(404, MarketCodes.UnknownBook, $"slot {slot} has no book");
            return Results.Ok(Book(state, book));
        }).Produces<BookResponse>()
            .WithSummary("Depth per zone (aggregated resting orders) of a slot's book.");

        api.MapGet("/slots/{slot}/trades", (long slot, ReadState state) =>
            Results.Ok(MarketQueries.Trades(state, new SlotId(slot)).Select(t => Trade(state, t)).ToList()))
            .Produces<List<TradeResponse>>()
            .WithSummary("The trades of a slot in trade order, with their settlement once settled.");

        api.MapGet("/open", (ReadState state) => Results.Ok(MarketQueries.OpenSlots(state))).Produces<List<long>>()
            .WithSummary("Slots whose books are open.");

        api.MapGet("/orders/{id}", (ulong id, ReadState state) => MarketQueries.Order(state, id) is { } o
            ? Results.Ok(Order(o))
            : Problems.Of(404, MarketCodes.UnknownOrder, $"no order {id} exists"))
            .Produces<OrderResponse>()
            .WithSummary("One order as stored: slot, owner, side, kind, zone, price, quantity, remaining, filled, escrow, status.");

        api.MapGet("/accounts/{address}/orders", (string address, ReadState state) => WithAddress(address, a =>
            Results.Ok(MarketQueries.OrdersOf(state, a).Select(Order).ToList())))
            .Produces<List<OrderResponse>>()
            .WithSummary("Every order of an account, oldest first.");

        api.MapGet("/accounts/{address}/trades", (string address, ReadState state) => WithAddress(address, a =>
            Results.Ok(MarketQueries.TradesOf(state, a).Select(t => Trade(state, t)).ToList())))
            .Produces<List<TradeResponse>>()
            .WithSummary("Every trade of an account as buyer or seller, by slot and sequence, with its settlement once settled.");

        api.MapGet("/accounts/{address}/settlements", (string address, ReadState state) => WithAddress(address, a =>
            Results.Ok(SettlementQueries.ResultsOf(state, a))))
            .Produces<List<TradeSettlement>>()
            .WithSummary("The settlement results of an account's trades: delivered, paid, received, released, penalty.");

        api.MapGet("/accounts/{address}/certificates", (string address, ReadState state) => WithAddress(address, a =>
            Results.Ok(SettlementQueries.CertificatesOf(state, a).Select(Certificate).ToList())))
            .Produces<List<CertificateResponse>>()
            .WithSummary("An account's green certificates: slot, zone, technology, meter, Wh, retired Wh, origin.");

        api.MapGet("/accounts/{address}/debt", (string address, ReadState state) => WithAddress(address, a =>
        {
            var debts = SettlementQueries.Debts(state, a);
            return Results.Ok(new DebtResponse(debts.Aggregate(0UL, (sum, d) => sum + d.Amount),
                [.. debts.Select(d => new DebtEntryResponse(d.Creditor == Address.None ? "balancing" : d.Creditor.ToString(), d.Amount))]));
        })).Produces<DebtResponse>()
            .WithSummary("What an account owes: imbalance penalties (creditor `balancing`) and unpaid contract payments (creditor: the other party).");

        var streams = EventStreams.For(node);
        // It takes the request's token (unused: ServeAsync reads it from the context) so that it is a route handler, which the OpenAPI
        // document lists, rather than a bare request delegate, which it skips.
        api.MapGet("/stream", (HttpContext http, CancellationToken _) =>
        {
            return streams.ServeAsync(http, EventStreams.Topic.Market, 1024, "market stream");
        }).Streams(OpenApiContract.MarketStreamDescription)
          .WithSummary("Server-Sent Events: every market and settlement event (trades, orders placed/amended/cancelled, gate closures, settlements) as blocks "
              + "commit.");
    }

    internal static IResult WithAddress(string text, Func<Address, IResult> then) =>
        Address.TryParse(text, out var a, out var error) ? then(a) : Problems.InvalidAddress(error);

    /// <summary>The book's depth per zone from the state's resting orders (the engine is only a cache).</summary>
    public static BookResponse Book(IState state, SlotBook book)
    {
        var resting = MarketQueries.Resting(state, book);
        var zones = Runtime.Modules.Grid.GridTopology.Decode(book.Grid).Zones.Select(z =>
        {
            List<LevelResponse> Levels(Side side, bool highFirst)
            {
                var levels = resting.Where(o => o.Zone == z && o.Side == side).GroupBy(o => o.Price)
                    .Select(g => new LevelResponse(g.Key, g.Sum(o => o.Remaining), g.Count()));
                return [.. highFirst ? levels.OrderByDescending(l => l.Price) : levels.OrderBy(l => l.Price)];
            }

            return new ZoneBookResponse(z.Name, Levels(Side.Buy, true), Levels(Side.Sell, false));
        }).ToList();
        return new BookResponse(book.Slot.Index, book.Status == SlotStatus.Open ? "open" : "closed", book.TradeCount, book.RestingCount, zones);
    }

    public static OrderResponse Order(MarketOrder o) => new(o.Id, o.Slot.Index, o.Owner.ToString(), o.Side.Name(), o.Kind.Name(), o.Zone.Name, o.Price,
        o.Quantity, o.Remaining, o.Filled, o.Escrow, o.Status.Name(), o.Reason.Name(), o.Contract == 0 ? null : o.Contract);

    public static TradeResponse Trade(IState state, MarketTrade t) => new(t.Slot.Index, t.Seq, t.BuyOrder, t.SellOrder, t.Buyer.ToString(), t.Seller.ToString(),
        t.BuyZone.Name, t.SellZone.Name, t.Price, t.Fee, t.Quantity, t.BuyerPrice, t.SellerPrice, t.BuyerEscrow, t.SellerEscrow,
        SettlementQueries.Result(state, t.Slot, t.Seq), t.Contract == 0 ? null : t.Contract);

    public static CertificateResponse Certificate(Certificate c) => new(c.Id, c.Slot.Index, c.Zone.Name, Runtime.Modules.Metering.MeterNames.Name(c.Technology),
        c.Meter.ToString(), c.Owner.ToString(), c.Wh, c.Retired, c.Origin);
}
