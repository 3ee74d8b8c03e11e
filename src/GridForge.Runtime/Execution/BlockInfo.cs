using GridForge.Core.Primitives;

namespace GridForge.Runtime.Execution;

/// <summary>What the runtime knows of the block it executes in: the only source of time and height.</summary>
public sealed record BlockInfo(string ChainId, ulong Height, long Time, Address Proposer);
