using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Bench;

/// <summary>Every key and every message the bench loads sign, in one place: keys are derived from a name and an index, so
/// every run signs with the same accounts and meters; each transaction pays a fee of 100 with a far expiry.</summary>
internal static class BenchTransactions
{
    private const ulong Fee = 100;
    private const ulong Expiry = 1_000_000;

    /// <summary>The seed of the <paramref name="i"/>-th bench key of a kind ("account", "trader", "meter", …).</summary>
    public static byte[] Seed(string kind, int i) => Hashing.Domain("gridforge bench " + kind, BitConverter.GetBytes(i)).ToArray();

    /// <summary>The i-th sending account of <c>bench tps</c> and <c>bench network</c>.</summary>
    public static SigningKey AccountKey(int i) => SigningKey.FromSeed(Seed("account", i));

    /// <summary>The i-th trader of <c>bench orders</c>.</summary>
    public static SigningKey TraderKey(int i) => SigningKey.FromSeed(Seed("trader", i));

    /// <summary>The i-th gateway (a funded account that submits readings) of <c>bench readings</c> and <c>bench mqtt</c>.</summary>
    public static SigningKey GatewayKey(int i) => SigningKey.FromSeed(Seed("gateway", i));

    /// <summary>The i-th meter of <c>bench readings</c> and <c>bench mqtt</c>.</summary>
    public static MeterKey MeterKey(int i) => Runtime.Modules.Metering.MeterKey.FromSeed(Seed("meter", i));

    /// <summary>The owner of the i-th meter of <c>bench readings</c> (an address only: owners sign nothing here).</summary>
    public static Address MeterOwner(int i) => new(Hashing.Domain("gridforge bench owner", BitConverter.GetBytes(i)));

    /// <summary>The production meter of the i-th trader (a seller) of <c>bench orders</c>.</summary>
    public static MeterId SellerMeter(int i) => Runtime.Modules.Metering.MeterKey.FromSeed(Seed("seller meter", i)).Id;

    /// <summary>The i-th funded account of <c>bench state</c> (an address only: they need balances, not keys).</summary>
    public static Address StateAccount(int i) => new(Hashing.Domain("gridforge bench state account", BitConverter.GetBytes(i)));

    /// <summary>1,000 µWATT from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static Transaction Transfer(SigningKey from, string chainId, ulong nonce, Address to) =>
        Transaction.Sign(from, chainId, nonce, Fee, Expiry, new TransferMessage(to, Token.Watt, new Amount(1_000)));

    /// <summary>A good-till-cancelled limit order (the order stream's price in µWATT/kWh and quantity in Wh).</summary>
    public static Transaction PlaceOrder(SigningKey trader, string chainId, ulong nonce, SlotId slot, Side side, string zone, long price, long quantity) =>
        Transaction.Sign(trader, chainId, nonce, Fee, Expiry,
            new PlaceOrderMessage(slot, side, OrderKind.LimitGtc, new ZoneId(zone), new PricePerKwh(price), new Wh(quantity)));

    /// <summary>The DSO registers a solar meter, both registers at zero.</summary>
    public static Transaction RegisterMeter(SigningKey dso, string chainId, ulong nonce, MeterId meter, Address owner, string zone, MeterKind kind,
        long ratedPowerW) =>
        Transaction.Sign(dso, chainId, nonce, Fee, Expiry,
            new RegisterMeterMessage(meter, owner, new ZoneId(zone), kind, MeterTechnology.Solar, ratedPowerW, new Wh(0), new Wh(0), ""));

    /// <summary>A gateway's transaction carrying meters' signed readings.</summary>
    public static Transaction SubmitReadings(SigningKey gateway, string chainId, ulong nonce, MeterReading[] readings) =>
        Transaction.Sign(gateway, chainId, nonce, Fee, Expiry, new SubmitReadingsMessage(readings));
}
