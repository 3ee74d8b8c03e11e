namespace GridForge.Runtime.Execution;

/// <summary>Names a piece of isolated work (what kind, which one) for failure events and the node's diagnostics, without
/// building a string unless it fails.</summary>
internal readonly record struct WorkItem(string Kind, long Id = 0)
{
    public override string ToString() => Id == 0 ? Kind : $"{Kind} {Id}";
}
