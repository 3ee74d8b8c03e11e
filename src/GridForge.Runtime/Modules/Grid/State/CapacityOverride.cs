using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>A capacity set by the DSO for one direction of a link over the slots <see cref="First"/>..<see cref="Last"/> (inclusive), in Wh per slot.</summary>
public readonly record struct CapacityOverride(SlotId First, SlotId Last, long Capacity)
{
    public bool Covers(SlotId slot) => slot.Index >= First.Index && slot.Index <= Last.Index;
}
