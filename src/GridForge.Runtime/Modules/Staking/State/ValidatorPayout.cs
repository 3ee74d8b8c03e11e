using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>One validator's part of an era's reward: its points (blocks proposed), its share, the commission it keeps,
/// and what each staker behind it receives (the validator's entry includes the commission), in µGRID.</summary>
public sealed record ValidatorPayout(Address Validator, ulong Points, ulong Share, ulong Commission, IReadOnlyList<(Address Staker, ulong Amount)> Payees)
{
    /// <summary>What is minted for this validator: Σ payees ≤ share; the difference is rounding dust never minted.</summary>
    public ulong Paid => Payees.Aggregate(0UL, (s, p) => checked(s + p.Amount));
}
