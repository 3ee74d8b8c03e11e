namespace GridForge.Cli.Demo;

/// <summary>One trade of the demo and how it settled: prices and fees in µWATT/kWh, energy in Wh, money in µWATT.</summary>
internal sealed record DemoTrade(
    string Seller, string Buyer, string SellZone, string BuyZone, long QuantityWh, long Price, long Fee, long BuyerPrice, long SellerPrice,
    long DeliveredWh, long BuyerPaid, long SellerReceived, ulong DsoReceived);
