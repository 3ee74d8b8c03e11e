namespace GridForge.Matching;

/// <summary>One outcome of a command: a trade, a cancellation or a rejection, in the order they happened.</summary>
/// <remarks>
/// Trades fill <see cref="BuyId"/>…<see cref="SellZone"/>, <see cref="Price"/>, <see cref="Fee"/>, <see cref="Quantity"/>
/// and <see cref="Side"/> (the taker's side). Cancellations fill <see cref="Id"/>, <see cref="Account"/>, <see cref="Zone"/>,
/// <see cref="Side"/>, <see cref="Price"/>, <see cref="Quantity"/> (the Wh removed) and <see cref="Reason"/>.
/// Rejections fill <see cref="Id"/> and <see cref="Code"/>.
/// </remarks>
public readonly record struct MatchEvent
{
    /// <summary>What happened.</summary>
    public MatchEventKind Kind { get; init; }

    /// <summary>The cancelled or rejected order.</summary>
    public OrderId Id { get; init; }

    /// <summary>The cancelled order's account.</summary>
    public AccountId Account { get; init; }

    /// <summary>The cancelled order's zone.</summary>
    public ZoneIndex Zone { get; init; }

    /// <summary>The cancelled order's side; for a trade, the taker's side (the other order was resting).</summary>
    public Side Side { get; init; }

    /// <summary>Trade price (the resting order's price) or the cancelled order's price, µWATT per kWh.</summary>
    public long Price { get; init; }

    /// <summary>Grid fee per kWh of the trade at the moment it happened, µWATT.</summary>
    public long Fee { get; init; }

    /// <summary>Wh traded, or Wh removed by the cancellation.</summary>
    public long Quantity { get; init; }

    /// <summary>The buy order of a trade.</summary>
    public OrderId BuyId { get; init; }

    /// <summary>The sell order of a trade.</summary>
    public OrderId SellId { get; init; }

    /// <summary>The buyer's account.</summary>
    public AccountId BuyAccount { get; init; }

    /// <summary>The seller's account.</summary>
    public AccountId SellAccount { get; init; }

    /// <summary>The buyer's zone (where the energy goes).</summary>
    public ZoneIndex BuyZone { get; init; }

    /// <summary>The seller's zone (where the energy comes from).</summary>
    public ZoneIndex SellZone { get; init; }

    /// <summary>Why the order was cancelled.</summary>
    public CancelReason Reason { get; init; }

    /// <summary>Why the command was rejected.</summary>
    public RejectCode Code { get; init; }

    /// <summary>A trade between a buy and a sell order.</summary>
    public static MatchEvent Trade(
        OrderId buyId, AccountId buyAccount, ZoneIndex buyZone,
        OrderId sellId, AccountId sellAccount, ZoneIndex sellZone,
        long price, long fee, long quantity, Side takerSide) => new()
        {
            Kind = MatchEventKind.Trade,
            BuyId = buyId,
            BuyAccount = buyAccount,
            BuyZone = buyZone,
            SellId = sellId,
            SellAccount = sellAccount,
            SellZone = sellZone,
            Price = price,
            Fee = fee,
            Quantity = quantity,
            Side = takerSide,
        };

    /// <summary>An order, or its remainder of <paramref name="quantity"/> Wh, left the book.</summary>
    public static MatchEvent Cancelled(
        OrderId id, AccountId account, ZoneIndex zone, Side side, long price, long quantity, CancelReason reason) => new()
        {
            Kind = MatchEventKind.Cancelled,
            Id = id,
            Account = account,
            Zone = zone,
            Side = side,
            Price = price,
            Quantity = quantity,
            Reason = reason,
        };

    /// <summary>A command about <paramref name="id"/> was rejected.</summary>
    public static MatchEvent Rejected(OrderId id, RejectCode code) => new()
    {
        Kind = MatchEventKind.Rejected,
        Id = id,
        Code = code,
    };
}
