namespace GridForge.Node.Api;

/// <summary>The issuer's bridge asks the bank to pay a redemption out (µ-units), once per <see cref="Key"/> (<c>{chain}:{redemption id}</c>).</summary>
public sealed record SandboxPayoutRequest(string Key, string Issuer, ulong Amount, string PayoutReference);
