namespace GridForge.Node.Api;

/// <summary>The issuer's bridge tells the bank that a deposit is minted on chain (idempotent).</summary>
public sealed record SandboxMintedRequest(string Issuer, string ChainReference);
