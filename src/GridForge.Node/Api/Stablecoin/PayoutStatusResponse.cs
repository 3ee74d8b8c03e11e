namespace GridForge.Node.Api;

/// <summary>Where a redemption's payout stands on both sides: the chain's status and the bank's payout, if made.</summary>
public sealed record PayoutStatusResponse(ulong RedemptionId, string ChainStatus, string Issuer, ulong Amount, string PayoutReference,
    string? ConfirmedBankReference, SandboxPayoutResponse? BankPayout);
