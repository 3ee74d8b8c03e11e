namespace GridForge.Runtime.Execution;

/// <summary>A governable parameter of a module: integer valued, with a default and inclusive bounds.</summary>
public sealed record ParamSpec(string Name, long Default, long Min, long Max, string Description)
{
    public bool InBounds(long value) => value >= Min && value <= Max;
}
