namespace GridForge.Node.Api;

/// <summary>Simulates fiat (µ-units) arriving at an issuer's sandbox reserve account from <see cref="Payer"/>, to be
/// minted to <see cref="Beneficiary"/>; <see cref="Issuer"/> may be omitted when the chain has one active issuer.</summary>
public sealed record SandboxDepositRequest(string? Issuer, string Beneficiary, ulong Amount, string? Payer);
