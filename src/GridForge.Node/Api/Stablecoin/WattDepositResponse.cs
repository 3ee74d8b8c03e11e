namespace GridForge.Node.Api;

/// <summary>The mint an issuer made against one deposit reference (µWATT, at a height and block time).</summary>
public sealed record WattDepositResponse(string Issuer, string Reference, string To, ulong Amount, ulong Height, long Time);
