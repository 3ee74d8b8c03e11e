namespace GridForge.Node.Api;

/// <summary>A sandbox bank deposit with its reference; <see cref="MintedBy"/> is set once the issuer's bridge saw it minted.</summary>
public sealed record SandboxDepositResponse(string Reference, string Issuer, string Beneficiary, ulong Amount, string Payer, long ReceivedAt, string? MintedBy);
