namespace GridForge.Runtime.Execution;

/// <summary>A parameter of a module: integer valued, with a default and inclusive bounds. Governable unless
/// <paramref name="FixedAtGenesis"/>: a parameter whose change would break running state (it renumbers slots, or moves what
/// pending settlements, books and contracts were promised) is set by the genesis file and refused by governance.</summary>
public sealed record ParamSpec(string Name, long Default, long Min, long Max, string Description, bool FixedAtGenesis = false)
{
    public bool InBounds(long value) => value >= Min && value <= Max;
}
