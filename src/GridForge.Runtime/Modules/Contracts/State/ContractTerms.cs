using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>A template's parameters, encoded canonically inside <see cref="CreateContractMessage"/> and the stored contract.</summary>
public abstract record ContractTerms
{
    /// <summary>Most preferred counterparties or zones a residential rule may list.</summary>
    public const int MaxPreferences = 16;

    /// <summary>Most entries of a PPA volume schedule (a week of 15-minute slots).</summary>
    public const int MaxScheduleEntries = 672;

    /// <summary>The most one slot of a contract can be worth, in µWATT (10^12 WATT): a PPA entry at the larger of its price and
    /// penalty, a flexibility slot's most paid reduction, a residential rule's largest bid. Every slot's escrow and payment then
    /// fits 64 bits with room, and a period's sums (128-bit) never overflow; the largest documented products are far below it.</summary>
    public const long MaxSlotValue = 1_000_000_000_000_000_000;

    public abstract ContractTemplate Template { get; }

    public abstract void Encode(CanonicalWriter writer);

    public byte[] ToBytes()
    {
        var w = new CanonicalWriter(128);
        Encode(w);
        return w.ToArray();
    }

    /// <summary>Reads the terms of <paramref name="template"/>; an unknown template fails the reader.</summary>
    public static ContractTerms Decode(ContractTemplate template, ref CanonicalReader r)
    {
        switch (template)
        {
            case ContractTemplate.Residential:
                {
                    var zone = Zone(ref r);
                    var reserve = new Wh(r.I64("reserve_wh"));
                    var floor = new PricePerKwh(r.I64("floor_price"));
                    var buyLimit = new Wh(r.I64("buy_limit_wh"));
                    var ceiling = new PricePerKwh(r.I64("ceiling_price"));
                    var budget = r.U64("daily_budget");
                    var green = r.Bool("green_only");
                    var parties = new List<Address>();
                    var n = Count(ref r, MaxPreferences, "preferred counterparties");
                    for (var i = 0; i < n && r.Ok; i++) parties.Add(r.Address("preferred counterparty"));
                    var zones = new List<ZoneId>();
                    n = Count(ref r, MaxPreferences, "preferred zones");
                    for (var i = 0; i < n && r.Ok; i++) zones.Add(Zone(ref r));
                    return new ResidentialTerms(zone, reserve, floor, buyLimit, ceiling, budget, green, parties, zones);
                }

            case ContractTemplate.Ppa:
                {
                    var sellZone = Zone(ref r);
                    var buyZone = Zone(ref r);
                    var creatorSells = r.Bool("creator_sells");
                    var price = new PricePerKwh(r.I64("price"));
                    var schedule = new List<Wh>();
                    var n = Count(ref r, MaxScheduleEntries, "schedule entries");
                    for (var i = 0; i < n && r.Ok; i++) schedule.Add(new Wh(r.I64("scheduled wh")));
                    var share = r.U32("take_or_pay_permille");
                    var penalty = new PricePerKwh(r.I64("shortfall_penalty"));
                    var period = r.U8("settlement period");
                    if (r.Ok && period > (byte)SettlementPeriod.Month) r.Fail($"unknown settlement period {period}");
                    return new PpaTerms(sellZone, buyZone, creatorSells, price, schedule, share, penalty, (SettlementPeriod)period);
                }

            case ContractTemplate.Flexibility:
                {
                    var zone = Zone(ref r);
                    var direction = r.U8("direction");
                    if (r.Ok && direction > (byte)FlexDirection.Export) r.Fail($"unknown flexibility direction {direction}");
                    var price = new PricePerKwh(r.I64("price"));
                    var maxWh = new Wh(r.I64("max_wh"));
                    return new FlexibilityTerms(zone, (FlexDirection)direction, price, maxWh, r.U32("baseline_days"));
                }

            default:
                r.Fail($"unknown contract template {(byte)template}");
                return new FlexibilityTerms(default, default, PricePerKwh.Zero, Wh.Zero, 0);
        }
    }

    /// <summary>Decodes stored terms; anything else than exactly one value is a corrupt state.</summary>
    public static ContractTerms FromBytes(ContractTemplate template, ReadOnlySpan<byte> raw)
    {
        var r = new CanonicalReader(raw);
        var terms = Decode(template, ref r);
        r.End("contract terms");
        return r.Ok ? terms : throw new InvalidOperationException($"corrupt contract terms: {r.Error}");
    }

    private static ZoneId Zone(ref CanonicalReader r) => new(r.String(ZoneNames.MaxBytes, "zone"));

    private static int Count(ref CanonicalReader r, int max, string what)
    {
        var n = r.U32(what);
        if (r.Ok && n > max) r.Fail($"at most {max} {what}, not {n}");
        return r.Ok ? (int)n : 0;
    }
}

/// <summary>A household's trading rule on its net position. Every slot it offers its surplus (forecast export − import −
/// <paramref name="ReserveWh"/>) at <paramref name="FloorPrice"/> or bids for its shortfall (forecast import − export, at most
/// <paramref name="BuyLimitWh"/>) at
/// <paramref name="CeilingPrice"/> (all-in, µWATT/kWh). <paramref name="DailyBudget"/> (µWATT, 0 = none) bounds what its buys
/// can cost per delivery day. With preferred counterparties or zones, or <paramref name="GreenOnly"/>, it buys only from
/// sellers that qualify.</summary>
public sealed record ResidentialTerms(
    ZoneId Zone, Wh ReserveWh, PricePerKwh FloorPrice, Wh BuyLimitWh, PricePerKwh CeilingPrice, ulong DailyBudget, bool GreenOnly,
    IReadOnlyList<Address> PreferredCounterparties, IReadOnlyList<ZoneId> PreferredZones) : ContractTerms
{
    public override ContractTemplate Template => ContractTemplate.Residential;

    /// <summary>Whether buying is restricted to qualifying sellers (and therefore done by taking their offers, never by resting a bid).</summary>
    public bool Selective => GreenOnly || PreferredCounterparties.Count > 0 || PreferredZones.Count > 0;

    public override void Encode(CanonicalWriter writer)
    {
        writer.String(Zone.Name).I64(ReserveWh.Value).I64(FloorPrice.MicroPerKwh).I64(BuyLimitWh.Value).I64(CeilingPrice.MicroPerKwh)
            .U64(DailyBudget).Bool(GreenOnly)
            .U32((uint)PreferredCounterparties.Count);
        foreach (var a in PreferredCounterparties) writer.Address(a);
        writer.U32((uint)PreferredZones.Count);
        foreach (var z in PreferredZones) writer.String(z.Name);
    }

    public bool Equals(ResidentialTerms? other) => other is not null && ToBytes().AsSpan().SequenceEqual(other.ToBytes());

    public override int GetHashCode() => HashCode.Combine(Zone, ReserveWh, FloorPrice, CeilingPrice);
}

/// <summary>A commercial PPA: each slot the seller delivers <c>Schedule[slot mod n]</c> Wh from <paramref name="SellZone"/> to the
/// buyer in <paramref name="BuyZone"/> at <paramref name="Price"/> µWATT/kWh (the buyer also pays the grid fee). Per settlement
/// period the buyer pays <paramref name="TakeOrPayPermille"/>‰ of the price for scheduled volume it did not take, the seller
/// pays <paramref name="ShortfallPenalty"/> µWATT per kWh it did not deliver, and the two are netted.</summary>
public sealed record PpaTerms(
    ZoneId SellZone, ZoneId BuyZone, bool CreatorSells, PricePerKwh Price, IReadOnlyList<Wh> Schedule, uint TakeOrPayPermille,
    PricePerKwh ShortfallPenalty,
    SettlementPeriod Period) : ContractTerms
{
    public override ContractTemplate Template => ContractTemplate.Ppa;

    /// <summary>The volume scheduled for <paramref name="slot"/>.</summary>
    public Wh ScheduledFor(SlotId slot) => Schedule[(int)(slot.Index % Schedule.Count)];

    public override void Encode(CanonicalWriter writer)
    {
        writer.String(SellZone.Name).String(BuyZone.Name).Bool(CreatorSells).I64(Price.MicroPerKwh).U32((uint)Schedule.Count);
        foreach (var wh in Schedule) writer.I64(wh.Value);
        writer.U32(TakeOrPayPermille).I64(ShortfallPenalty.MicroPerKwh).U8((byte)Period);
    }

    public bool Equals(PpaTerms? other) => other is not null && ToBytes().AsSpan().SequenceEqual(other.ToBytes());

    public override int GetHashCode() => HashCode.Combine(SellZone, BuyZone, Price, Period);
}

/// <summary>Grid flexibility: in a slot the DSO declared congested in <paramref name="Zone"/>, the provider is paid
/// <paramref name="Price"/> µWATT per kWh by which its metered consumption (or export) stays below its baseline — the
/// average of the same slot on the previous <paramref name="BaselineDays"/> days — at most <paramref name="MaxWh"/> per slot.</summary>
public sealed record FlexibilityTerms(ZoneId Zone, FlexDirection Direction, PricePerKwh Price, Wh MaxWh, uint BaselineDays) : ContractTerms
{
    public override ContractTemplate Template => ContractTemplate.Flexibility;

    public override void Encode(CanonicalWriter writer) =>
        writer.String(Zone.Name).U8((byte)Direction).I64(Price.MicroPerKwh).I64(MaxWh.Value).U32(BaselineDays);
}
