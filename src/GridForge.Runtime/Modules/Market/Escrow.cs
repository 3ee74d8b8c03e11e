using GridForge.Core.Primitives;
using GridForge.Matching;

namespace GridForge.Runtime.Modules.Market;

/// <summary>The market's money arithmetic (DESIGN §3): what an order must hold in escrow and what a trade costs,
/// rounded so that no value is created: the buyer's side rounds up, the seller's down.</summary>
public static class Escrow
{
    /// <summary>ceil(q × price / 1000) in µWATT for q Wh at price µWATT/kWh (either sign).</summary>
    public static long Ceil(Wh wh, PricePerKwh price) => checked((long)CeilExact(wh, price));

    /// <summary>ceil(q × price / 1000) exactly, in 128 bits: what end-of-block work owes before it is bounded (it cannot overflow).</summary>
    public static Int128 CeilExact(Wh wh, PricePerKwh price)
    {
        var p = (Int128)wh.Value * price.MicroPerKwh;
        var q = p / 1000;
        if (p % 1000 > 0) q++;
        return q;
    }

    /// <summary>floor(q × price / 1000) in µWATT for q Wh at price µWATT/kWh (either sign).</summary>
    public static long Floor(Wh wh, PricePerKwh price)
    {
        var p = (Int128)wh.Value * price.MicroPerKwh;
        var q = p / 1000;
        if (p % 1000 < 0) q--;
        return checked((long)q);
    }

    /// <summary>What an order with <paramref name="remaining"/> Wh must hold: a buy its all-in limit's cost (nothing at a price ≤ 0),
    /// a sell at a negative price what it could have to pay (nothing otherwise).</summary>
    public static ulong Need(Side side, Wh remaining, PricePerKwh price) => side == Side.Buy
        ? (ulong)Math.Max(0, Ceil(remaining, price))
        : (ulong)Math.Max(0, Ceil(remaining, -price));

    /// <summary>The most a trade of <paramref name="wh"/> can take from its buyer (<paramref name="buyerPrice"/>) or, at a negative
    /// <paramref name="sellerPrice"/>, from its seller.</summary>
    public static ulong Cost(Side side, Wh wh, PricePerKwh buyerPrice, PricePerKwh sellerPrice) => side == Side.Buy
        ? (ulong)Math.Max(0, Ceil(wh, buyerPrice))
        : (ulong)Math.Max(0, -Floor(wh, sellerPrice));
}
