namespace GridForge.Cli.Simulation;

/// <summary>A household battery behind the meter (docs/simulate.md, "Batteries"): self-consumption first. In a slot with
/// surplus (production − consumption &gt; 0) it charges with as much of the surplus as its power and its room allow; in a slot
/// with a shortfall it discharges as much of the shortfall as its power and its charge allow. The round-trip efficiency is
/// applied when charging: stored = floor(charged × efficiency‰ / 1000); discharging gives back what is stored, Wh for Wh.
/// It never charges from the grid and never discharges into it. Integers only, so a test computes the same values by hand.</summary>
internal readonly record struct Battery(long CapacityWh, long PowerW, long EfficiencyPermille, long InitialWh)
{
    /// <summary>The most the battery moves in one slot either way: floor(power × slot / 3600) Wh.</summary>
    public long MaxWhPerSlot(long slotSeconds) => checked(PowerW * slotSeconds / 3_600);

    /// <summary>One slot: the battery's state before it and the household's production and consumption give what the battery
    /// takes in and gives out, its state after, and what the meter sees.</summary>
    public SlotFlow Step(long stateWh, long producedWh, long consumedWh, long slotSeconds)
    {
        var surplus = producedWh - consumedWh;
        var max = MaxWhPerSlot(slotSeconds);
        if (surplus > 0)
        {
            // The most input whose stored part still fits: floor(room × 1000 / efficiency).
            var room = CapacityWh - stateWh;
            var fits = EfficiencyPermille > 0 ? checked(room * 1000 / EfficiencyPermille) : 0;
            var charge = Math.Min(surplus, Math.Min(max, fits));
            var stored = checked(charge * EfficiencyPermille / 1000);
            return new SlotFlow(charge, 0, stateWh + stored, 0, surplus - charge);
        }

        var need = -surplus;
        var discharge = Math.Min(need, Math.Min(max, stateWh));
        return new SlotFlow(0, discharge, stateWh - discharge, need - discharge, 0);
    }
}

/// <summary>What happens behind a household's meter in one slot: Wh into and out of the battery, the battery's charge at the
/// slot's end, and the meter's import and export (one of them is 0).</summary>
internal readonly record struct SlotFlow(long ChargeWh, long DischargeWh, long StateWh, long ImportWh, long ExportWh)
{
    /// <summary>Without a battery the meter sees the net of production and consumption.</summary>
    public static SlotFlow Net(long producedWh, long consumedWh) =>
        new(0, 0, 0, Math.Max(0, consumedWh - producedWh), Math.Max(0, producedWh - consumedWh));
}
