namespace GridForge.Runtime.Modules.Staking;

/// <summary>An era's reward: the inflation it is worth (supply × rate × the era's share of a year), the blocks it lasted,
/// and each exposed validator's payout. Σ paid ≤ <see cref="EraReward"/>: shares of validators slashed in the era, of
/// blocks proposed by unexposed validators, and every floor's remainder are never minted.</summary>
public sealed record EraPayout(ulong Era, ulong EraReward, ulong Blocks, long Seconds, IReadOnlyList<ValidatorPayout> Validators)
{
    public ulong Paid => Validators.Aggregate(0UL, (s, v) => checked(s + v.Paid));
}
