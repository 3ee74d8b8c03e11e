namespace GridForge.Node.Api;

/// <summary>WATT at a glance, in µWATT: supply, the minted and burned counters (genesis WATT counted as minted),
/// what issuers owe against what they attested, and the redemptions waiting for a payout.</summary>
public sealed record WattSupplyResponse(ulong TotalSupply, ulong Minted, ulong Burned, ulong GenesisMinted, ulong UnattributedGenesis,
    ulong Outstanding, ulong Reserves, int Issuers, int PendingRedemptions, ulong PendingAmount, ulong Height);
