using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>Kinds of the settlement module's events; each has its record below.</summary>
public static class SettlementEvents
{
    public const string TradeSettled = "trade_settled";
    public const string SlotSettled = "slot_settled";
    public const string CertificateIssued = "certificate_issued";
    public const string CertificateTransferred = "certificate_transferred";
    public const string CertificateRetired = "certificate_retired";
    public const string DebtPaid = "debt_paid";
    public const string TradeVoided = "trade_voided";
    public const string SlotSettlementFailed = "slot_settlement_failed";
    public const string SlotSettlementStalled = "slot_settlement_stalled";

    /// <summary>Reads a stored settlement event back into its record (null for a kind this module does not emit).</summary>
    internal static IModuleEvent? Read(string kind, EventReader r) => kind switch
    {
        TradeSettled => Settlement.TradeSettled.Read(r),
        SlotSettled => Settlement.SlotSettled.Read(r),
        CertificateIssued => Settlement.CertificateIssued.Read(r),
        CertificateTransferred => Settlement.CertificateTransferred.Read(r),
        CertificateRetired => Settlement.CertificateRetired.Read(r),
        DebtPaid => Settlement.DebtPaid.Read(r),
        TradeVoided => Settlement.TradeVoided.Read(r),
        SlotSettlementFailed => Settlement.SlotSettlementFailed.Read(r),
        SlotSettlementStalled => Settlement.SlotSettlementStalled.Read(r),
        _ => null,
    };
}

/// <summary>One trade settled against what was delivered: what each side paid and received, the DSO's part, the imbalance penalty
/// (what was paid of it and the debt for the rest) and the Wh certified.</summary>
public sealed record TradeSettled(SlotId Slot, uint Trade, Address Buyer, Address Seller, long Quantity, long Delivered, long BuyerPaid,
    long SellerReceived, ulong DsoReceived, UInt128 Penalty, ulong PenaltyPaid, ulong Debt, long CertifiedWh) : IModuleEvent
{
    string IModuleEvent.Module => SettlementModule.ModuleName;
    string IModuleEvent.Kind => SettlementEvents.TradeSettled;

    public void Write(EventWriter a) => a.Add("slot", Slot).Add("trade", Trade).Add("buyer", Buyer).Add("seller", Seller).Add("quantity", Quantity)
        .Add("delivered", Delivered).Add("buyer_paid", BuyerPaid).Add("seller_received", SellerReceived).Add("dso_received", DsoReceived)
        .Add("penalty", Penalty).Add("penalty_paid", PenaltyPaid).Add("debt", Debt).Add("certified_wh", CertifiedWh);

    internal static TradeSettled Read(EventReader r) => new(r.Slot("slot"), r.U32("trade"), r.Address("buyer"), r.Address("seller"), r.I64("quantity"),
        r.I64("delivered"), r.I64("buyer_paid"), r.I64("seller_received"), r.U64("dso_received"), r.U128("penalty"), r.U64("penalty_paid"),
        r.U64("debt"), r.I64("certified_wh"));
}

/// <summary>A slot's trades are all settled (or voided).</summary>
public sealed record SlotSettled(SlotId Slot, int Trades) : IModuleEvent
{
    string IModuleEvent.Module => SettlementModule.ModuleName;
    string IModuleEvent.Kind => SettlementEvents.SlotSettled;

    public void Write(EventWriter a) => a.Add("slot", Slot).Add("trades", Trades);

    internal static SlotSettled Read(EventReader r) => new(r.Slot("slot"), r.I32("trades"));
}

/// <summary>A certificate was issued to a trade's buyer for renewable energy its seller's meter delivered.</summary>
public sealed record CertificateIssued(ulong Certificate, Address Owner, SlotId Slot, ZoneId Zone, MeterTechnology Technology, MeterId Meter, long Wh,
    uint Trade) : IModuleEvent
{
    string IModuleEvent.Module => SettlementModule.ModuleName;
    string IModuleEvent.Kind => SettlementEvents.CertificateIssued;

    public void Write(EventWriter a) => a.Add("certificate", Certificate).Add("owner", Owner).Add("slot", Slot).Add("zone", Zone)
        .Add("technology", Technology.Name()).Add("meter", Meter).Add("wh", Wh).Add("trade", Trade);

    internal static CertificateIssued Read(EventReader r) => new(r.U64("certificate"), r.Address("owner"), r.Slot("slot"), r.Zone("zone"),
        r.Enum<MeterTechnology>("technology", MeterNames.Name), r.Meter("meter"), r.I64("wh"), r.U32("trade"));
}

/// <summary>A certificate (or <paramref name="Wh"/> of it, split off as <paramref name="MovedAs"/>) changed owner.</summary>
public sealed record CertificateTransferred(ulong Certificate, Address From, Address To, long Wh, ulong MovedAs) : IModuleEvent
{
    string IModuleEvent.Module => SettlementModule.ModuleName;
    string IModuleEvent.Kind => SettlementEvents.CertificateTransferred;

    public void Write(EventWriter a) => a.Add("certificate", Certificate).Add("from", From).Add("to", To).Add("wh", Wh).Add("moved_as", MovedAs);

    internal static CertificateTransferred Read(EventReader r) => new(r.U64("certificate"), r.Address("from"), r.Address("to"), r.I64("wh"), r.U64("moved_as"));
}

/// <summary>Its owner retired <paramref name="Wh"/> of a certificate (claimed the renewable energy).</summary>
public sealed record CertificateRetired(ulong Certificate, Address Owner, long Wh, SlotId Slot, MeterTechnology Technology) : IModuleEvent
{
    string IModuleEvent.Module => SettlementModule.ModuleName;
    string IModuleEvent.Kind => SettlementEvents.CertificateRetired;

    public void Write(EventWriter a) => a.Add("certificate", Certificate).Add("owner", Owner).Add("wh", Wh).Add("slot", Slot)
        .Add("technology", Technology.Name());

    internal static CertificateRetired Read(EventReader r) => new(r.U64("certificate"), r.Address("owner"), r.I64("wh"), r.Slot("slot"),
        r.Enum<MeterTechnology>("technology", MeterNames.Name));
}

/// <summary>A debtor paid (part of) one debt to <paramref name="Creditor"/>; <paramref name="Left"/> is what it still owes them.</summary>
public sealed record DebtPaid(Address Account, Address Creditor, ulong Paid, ulong Left) : IModuleEvent
{
    string IModuleEvent.Module => SettlementModule.ModuleName;
    string IModuleEvent.Kind => SettlementEvents.DebtPaid;

    public void Write(EventWriter a) => a.Add("account", Account).Add("creditor", Creditor).Add("paid", Paid).Add("left", Left);

    internal static DebtPaid Read(EventReader r) => new(r.Address("account"), r.Address("creditor"), r.U64("paid"), r.U64("left"));
}

/// <summary>A trade the runtime could not settle: both escrows released, nothing else moved.</summary>
public sealed record TradeVoided(SlotId Slot, uint Trade, Address Buyer, Address Seller, ulong BuyerReleased, ulong SellerReleased, string Code,
    string Reason) : IModuleEvent
{
    string IModuleEvent.Module => SettlementModule.ModuleName;
    string IModuleEvent.Kind => SettlementEvents.TradeVoided;

    public void Write(EventWriter a) => a.Add("slot", Slot).Add("trade", Trade).Add("buyer", Buyer).Add("seller", Seller)
        .Add("buyer_released", BuyerReleased).Add("seller_released", SellerReleased).Add("code", Code).Add("reason", Reason);

    internal static TradeVoided Read(EventReader r) => new(r.Slot("slot"), r.U32("trade"), r.Address("buyer"), r.Address("seller"),
        r.U64("buyer_released"), r.U64("seller_released"), r.Text("code"), r.Text("reason"));
}

/// <summary>A slot's settlement failed and will be tried again at the next block.</summary>
public sealed record SlotSettlementFailed(SlotId Slot, int Attempt, string Code, string Reason) : IModuleEvent
{
    string IModuleEvent.Module => SettlementModule.ModuleName;
    string IModuleEvent.Kind => SettlementEvents.SlotSettlementFailed;

    public void Write(EventWriter a) => a.Add("slot", Slot).Add("attempt", Attempt).Add("code", Code).Add("reason", Reason);

    internal static SlotSettlementFailed Read(EventReader r) => new(r.Slot("slot"), r.I32("attempt"), r.Text("code"), r.Text("reason"));
}

/// <summary>A slot's settlement failed <see cref="ItemAttempts.Max"/> times: it is set aside (<c>settlement/stalled</c>).</summary>
public sealed record SlotSettlementStalled(SlotId Slot, int Attempts, string Code) : IModuleEvent
{
    string IModuleEvent.Module => SettlementModule.ModuleName;
    string IModuleEvent.Kind => SettlementEvents.SlotSettlementStalled;

    public void Write(EventWriter a) => a.Add("slot", Slot).Add("attempts", Attempts).Add("code", Code);

    internal static SlotSettlementStalled Read(EventReader r) => new(r.Slot("slot"), r.I32("attempts"), r.Text("code"));
}
