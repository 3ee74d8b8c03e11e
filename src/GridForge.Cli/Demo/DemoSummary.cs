namespace GridForge.Cli.Demo;

/// <summary>What <c>gridforge demo</c> reports: energy in Wh, money in µWATT, read back from the chain's state after the run.</summary>
internal sealed record DemoSummary(
    long Slot,
    long GeneratedWh,
    long TradedWh,
    int TradeCount,
    IReadOnlyList<DemoTrade> Trades,
    ulong MintedToCharlie,
    long WattMoved,
    ulong GridFees,
    int Certificates,
    long CertifiedWh,
    ulong Blocks,
    int Transactions,
    string ChainCheck,
    IReadOnlyList<DemoCheck> Checks,
    double Seconds)
{
    public bool AllHeld => Checks.All(c => c.Held);
}
