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

    /// <summary>A debtor paid (part of) one debt: account, creditor, paid, left.</summary>
    public const string DebtPaid = "debt_paid";

    /// <summary>A trade the runtime could not settle: both escrows released (slot, trade, buyer_released, seller_released, code, reason).</summary>
    public const string TradeVoided = "trade_voided";

    /// <summary>A slot's settlement failed and will be tried again at the next block: slot, attempt, code, reason.</summary>
    public const string SlotSettlementFailed = "slot_settlement_failed";

    /// <summary>A slot's settlement failed <see cref="Execution.ItemAttempts.Max"/> times: it is set aside (slot, attempts, code).</summary>
    public const string SlotSettlementStalled = "slot_settlement_stalled";
}
