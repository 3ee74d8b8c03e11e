namespace GridForge.Runtime.Modules.Settlement;

/// <summary>Kinds of the settlement module's events.</summary>
public static class SettlementEvents
{
    /// <summary>One per trade: slot, trade, delivered, buyer_paid, seller_received, dso_received, penalty, penalty_paid, debt.</summary>
    public const string TradeSettled = "trade_settled";

    /// <summary>A slot's trades are all settled: slot, trades.</summary>
    public const string SlotSettled = "slot_settled";

    /// <summary>A certificate was issued, transferred (split), or retired: certificate, owner, wh, …</summary>
    public const string CertificateIssued = "certificate_issued";
    public const string CertificateTransferred = "certificate_transferred";
    public const string CertificateRetired = "certificate_retired";

    /// <summary>A seller paid (part of) its imbalance debt: account, paid, debt.</summary>
    public const string DebtPaid = "debt_paid";
}
