namespace GridForge.Cli.Simulation;

/// <summary>The KPIs of an area — a household, a zone or the community — as gsy-e defines them (docs/simulate.md): energy in Wh and
/// money in µWATT are exact integers; ratios and average prices are decimals (reporting, not consensus), null where undefined.</summary>
internal sealed record AreaKpis
{
    public required string Name { get; init; }
    public string? Zone { get; init; }
    public int Households { get; init; }
    public long DemandWh { get; init; }
    public long ProductionWh { get; init; }
    public long SelfConsumedWh { get; init; }
    public double? SelfSufficiency { get; init; }
    public double? SelfConsumption { get; init; }

    /// <summary>For a household: the share of its demand met inside the community (its own production and its neighbours').</summary>
    public double? CommunitySelfSufficiency { get; init; }
    public long ImportedWh { get; init; }
    public long ExportedWh { get; init; }
    public long BatteryChargedWh { get; init; }
    public long BatteryDischargedWh { get; init; }
    public long BoughtWh { get; init; }
    public long SoldWh { get; init; }
    public long BoughtTradedWh { get; init; }
    public long SoldTradedWh { get; init; }
    public long UtilityImportWh { get; init; }
    public long UtilityExportWh { get; init; }
    public long MarketPaid { get; init; }
    public long MarketReceived { get; init; }
    public long UtilityPaid { get; init; }
    public long UtilityReceived { get; init; }
    public long Penalties { get; init; }
    public long PenaltiesUnpaid { get; init; }
    public long ContractNet { get; init; }
    public long Bill { get; init; }
    public long BaselineBill { get; init; }
    public long Savings { get; init; }
    public double? AverageBuyPrice { get; init; }
    public double? AverageSellPrice { get; init; }
    public long DsoFeeRevenue { get; init; }
    public long CertifiedWh { get; init; }
}

/// <summary>A link direction: energy it carried, slots it was full, the grid fees its trades paid.</summary>
internal sealed record LinkKpis(string From, string To, long CapacityWh, long TradedWh, long DeliveredWh, int Trades, int SlotsAtCapacity,
    double HoursAtCapacity, double MaxUtilisation, long? FeeMin, long? FeeMax);

/// <summary>One slot of the market: trades, energy, the buyers' all-in and the sellers' prices (volume-weighted, µWATT/kWh).</summary>
internal sealed record SlotKpis(long Slot, string Start, int Trades, long TradedWh, long DeliveredWh, double? BuyerPriceAverage, double? SellerPriceAverage,
    long? BuyerPriceMin, long? BuyerPriceMax, long DemandWh, long ProductionWh, long BehindMeterWh, long LocalWh, long UtilityWh, long UtilityExportWh);

/// <summary>A rule that must hold for any run (conservation), with what was compared.</summary>
internal sealed record KpiCheck(string Name, bool Held, string Detail);

/// <summary>kpis.json.</summary>
internal sealed record KpiReport(
    object Scenario, object Run, AreaKpis Community, IReadOnlyList<AreaKpis> Zones, IReadOnlyList<AreaKpis> Households, IReadOnlyList<LinkKpis> Links,
    IReadOnlyList<SlotKpis> Slots, IReadOnlyList<KpiCheck> Checks);
