using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>A validator an era election chose, with the round it won in and what backs it.</summary>
public sealed record ElectedValidator(Address Validator, int Round, Exposure Exposure);
