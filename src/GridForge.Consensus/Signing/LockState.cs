using GridForge.Core.Primitives;

namespace GridForge.Consensus.Signing;

/// <summary>Algorithm 1's lockedValue/lockedRound and validValue/validRound of a height (values by id). Kept durable with
/// the last signature, so a validator that crashes after precommitting still honours its lock when it restarts.</summary>
public readonly record struct LockState(int LockedRound, Hash32? LockedValue, int ValidRound, Hash32? ValidValue)
{
    public static readonly LockState None = new(-1, null, -1, null);
}
