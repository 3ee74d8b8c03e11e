namespace GridForge.Runtime.Execution;

/// <summary>Events the runtime itself records (module <c>runtime</c>), beside the modules' own.</summary>
public static class RuntimeEvents
{
    /// <summary>The module name the runtime's own events carry.</summary>
    public const string Module = "runtime";

    /// <summary>A module's end-of-block hook threw outside its items' isolation: its changes for this block were dropped
    /// (<c>module</c>, <c>code</c>, <c>reason</c>).</summary>
    public const string EndBlockFailed = "end_block_failed";
}
