using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>The acceptance window at a block's time: a reading of slot s is accepted from the slot's end,
/// (s + 1) × length, until <see cref="Seconds"/> later (exclusive).</summary>
internal readonly record struct ReadingWindow(long Now, long SlotLength, long Seconds)
{
    public Rejection? Refuses(SlotId slot)
    {
        // A slot ends by block time exactly when it lies before the block's own slot; comparing indexes first
        // means a slot from the wire is multiplied only once it is known to be small.
        if (slot.Index >= Now / SlotLength)
        {
            return new Rejection(MeteringCodes.OutsideWindow, $"slot {slot} has not ended at block time {Now}");
        }

        return Closed(slot);
    }

    /// <summary>The refusal of a slot whose window closed by <see cref="Now"/>; null for a later slot (ended or not).</summary>
    public Rejection? Closed(SlotId slot)
    {
        if (slot.Index >= Now / SlotLength) return null;
        var end = (slot.Index + 1) * SlotLength;
        return Now - end >= Seconds
            ? new Rejection(MeteringCodes.OutsideWindow, $"slot {slot} ended at {end}; its {Seconds} s acceptance window closed before block time {Now}")
            : null;
    }
}
