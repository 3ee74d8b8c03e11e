using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>How much of one nominator's active bond backs a validator in an era.</summary>
public readonly record struct IndividualExposure(Address Nominator, ulong Value);
