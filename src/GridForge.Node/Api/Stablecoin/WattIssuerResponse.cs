namespace GridForge.Node.Api;

/// <summary>An issuer's standing in µWATT: outstanding against its latest attested reserves, and what it still owes in payouts;
/// <c>default</c>: the issuer a deposit or redemption that names none goes to.</summary>
public sealed record WattIssuerResponse(string Address, string Attestor, bool Active, ulong Outstanding, ulong GenesisOutstanding, ulong Minted,
    ulong Redeemed, ulong Reserves, long ReservesAsOf, ulong AttestedAtHeight, ulong Headroom, int PendingRedemptions, ulong PendingAmount, bool Default);
