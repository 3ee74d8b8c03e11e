namespace GridForge.Runtime.Tests.Modules.Stablecoin;

/// <summary>One step of a random WATT flow, as choices CsCheck can shrink: who acts (an index into all
/// actors), on whom, against which issuer, how much, which deposit reference or redemption, how the
/// attestation's time is shifted from the block's, and whether its signature is forged.</summary>
public sealed record FlowOp(FlowOpKind Kind, int Actor, int Target, int Issuer, ulong Amount, int Reference, int TimeShift, bool Forged);
