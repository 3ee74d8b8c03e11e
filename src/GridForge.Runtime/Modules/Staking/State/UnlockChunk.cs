namespace GridForge.Runtime.Modules.Staking;

/// <summary>Stake on its way out: <see cref="Amount"/> µGRID that may be withdrawn once era <see cref="Era"/> has begun
/// (still reserved, and still slashable, until then).</summary>
public readonly record struct UnlockChunk(ulong Amount, ulong Era);
