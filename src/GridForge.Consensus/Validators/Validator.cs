using GridForge.Core.Primitives;

namespace GridForge.Consensus.Validators;

/// <summary>A validator (its address is its Ed25519 public key) and its voting power.</summary>
public readonly record struct Validator(Address Address, ulong Power);
