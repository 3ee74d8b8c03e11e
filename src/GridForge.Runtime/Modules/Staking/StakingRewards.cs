using System.Numerics;
using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>The era reward (DESIGN §6): <c>inflation_bps</c> of the GRID supply per year, where an era's share of the year
/// is the header time it lasted (from the last block of the previous era, or genesis, to its own last block) over a
/// Julian year of 31,557,600 s. It is split among the era's exposed validators by the blocks each proposed out of all
/// the era's blocks; each keeps its commission and shares the rest pro rata to the exposure (its own stake included).
/// Every division floors, so rounding never creates GRID.</summary>
internal static class StakingRewards
{
    public const long SecondsPerYear = 31_557_600;

    /// <summary>The payout of <paramref name="era"/> if it ended with the block at <paramref name="endHeight"/> and
    /// <paramref name="endTime"/> (the era's last block at its end; the head for a preview), when the GRID supply is
    /// <paramref name="supply"/> (read through the module's needs at an era's end, through the tokens queries for a preview).</summary>
    public static EraPayout Compute(IState state, ulong supply, EraInfo era, ulong endHeight, long endTime)
    {
        var blocks = endHeight >= era.StartHeight ? endHeight - era.StartHeight + 1 : 0;
        var seconds = Math.Max(0, endTime - era.StartTime);
        var bps = StakingModule.InflationBps.Get(state);
        var exact = (BigInteger)supply * bps * seconds / ((BigInteger)10_000 * SecondsPerYear);
        // The reward can never push supply past what a u64 holds.
        var eraReward = (ulong)BigInteger.Min(exact, ulong.MaxValue - supply);

        var payouts = new List<ValidatorPayout>();
        foreach (var validator in StakingState.EraValidators(state, era.Index))
        {
            var points = StakingState.Points(state, era.Index, validator);
            if (points == 0 || blocks == 0 || StakingState.SlashedIn(state, era.Index, validator)) continue;
            if (StakingState.ExposureOf(state, era.Index, validator) is not { } exposure || exposure.Total == 0) continue;
            var share = MulDiv(eraReward, points, blocks);
            var commission = MulDiv(share, exposure.CommissionPpb, ValidatorPrefs.Billion);
            var rest = share - commission;
            var payees = new List<(Address, ulong)> { (validator, checked(commission + MulDiv(rest, exposure.Own, exposure.Total))) };
            foreach (var n in exposure.Others) payees.Add((n.Nominator, MulDiv(rest, n.Value, exposure.Total)));
            payouts.Add(new ValidatorPayout(validator, points, share, commission, payees));
        }

        return new EraPayout(era.Index, eraReward, blocks, seconds, payouts);
    }

    /// <summary>What <paramref name="account"/> would receive from <paramref name="payout"/>.</summary>
    public static ulong For(EraPayout payout, Address account) =>
        payout.Validators.SelectMany(v => v.Payees).Where(p => p.Staker == account).Aggregate(0UL, (s, p) => checked(s + p.Amount));

    private static ulong MulDiv(ulong value, ulong numerator, ulong denominator) => (ulong)((UInt128)value * numerator / denominator);
}
