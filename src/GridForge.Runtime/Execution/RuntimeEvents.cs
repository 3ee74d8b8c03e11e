namespace GridForge.Runtime.Execution;

/// <summary>Events the runtime itself records (module <c>runtime</c>), beside the modules' own.</summary>
public static class RuntimeEvents
{
    /// <summary>The module name the runtime's own events carry.</summary>
    public const string Module = "runtime";

    public const string EndBlockFailed = "end_block_failed";

    /// <summary>Reads a stored runtime event back into its record (null for a kind the runtime does not emit).</summary>
    internal static IModuleEvent? Read(string kind, EventReader r) => kind switch
    {
        EndBlockFailed => Execution.EndBlockFailed.Read(r),
        _ => null,
    };
}

/// <summary>A module's end-of-block hook threw outside its items' isolation: its changes for this block were dropped.</summary>
public sealed record EndBlockFailed(string Module, string Code, string Reason) : IModuleEvent
{
    string IModuleEvent.Module => RuntimeEvents.Module;
    string IModuleEvent.Kind => RuntimeEvents.EndBlockFailed;

    public void Write(EventWriter a) => a.Add("module", Module).Add("code", Code).Add("reason", Reason);

    internal static EndBlockFailed Read(EventReader r) => new(r.Text("module"), r.Text("code"), r.Text("reason"));
}
