using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>One arbitrator's submitted ruling on a dispute (kept on the dispute as its record).</summary>
public readonly record struct DisputeVote(Address Arbitrator, Ruling Ruling);
