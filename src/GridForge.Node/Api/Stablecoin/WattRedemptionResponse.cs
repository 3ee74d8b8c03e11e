namespace GridForge.Node.Api;

/// <summary>A redemption: who burned how much (µWATT), which issuer owes the payout, and whether it was paid (status <c>pending</c> or <c>paid</c>).</summary>
public sealed record WattRedemptionResponse(ulong Id, string Holder, string Issuer, ulong Amount, string PayoutReference, string Status,
    ulong RequestedHeight, long RequestedTime, string? BankReference, ulong? PaidHeight, long? PaidTime);
