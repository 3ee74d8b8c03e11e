using GridForge.Core.Crypto;

namespace GridForge.Consensus.Simulation;

/// <summary>One process of a simulation: a validator's key (two instances share one for Twins), honest or not, and
/// which instances it can reach at all (a twin talks only to its half).</summary>
public sealed record SimInstance(int Index, int Validator, SigningKey Key, bool Honest, ByzantineKind? Kind, IReadOnlySet<int>? Reach);
