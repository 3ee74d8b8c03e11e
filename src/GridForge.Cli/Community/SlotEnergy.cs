namespace GridForge.Cli.Community;

/// <summary>A household's energy in one slot, Wh; its meter sees only the net: export when it produces more than it uses.</summary>
internal readonly record struct SlotEnergy(long ProducedWh, long ConsumedWh)
{
    public long ExportedWh => Math.Max(0, ProducedWh - ConsumedWh);

    public long ImportedWh => Math.Max(0, ConsumedWh - ProducedWh);
}
