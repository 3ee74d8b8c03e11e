namespace GridForge.Node.Api;

/// <summary>A payout the sandbox bank made, under its own bank reference.</summary>
public sealed record SandboxPayoutResponse(string Key, string BankReference, string Issuer, ulong Amount, string PayoutReference, long PaidAt);
