namespace GridForge.Node.Api;

/// <summary>A sandbox bank account and its balance in µ-units of fiat.</summary>
public sealed record SandboxAccountResponse(string Account, ulong Balance);
