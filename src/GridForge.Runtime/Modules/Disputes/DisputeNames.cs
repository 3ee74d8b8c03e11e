namespace GridForge.Runtime.Modules.Disputes;

/// <summary>Lower-case names of statuses, as events, the API and the CLI write them.</summary>
public static class DisputeNames
{
    public static string Name(DisputeStatus status) => status switch
    {
        DisputeStatus.Open => "open",
        DisputeStatus.Upheld => "upheld",
        DisputeStatus.Corrected => "corrected",
        DisputeStatus.DefaultUpheld => "default_upheld",
        _ => "default_corrected",
    };
}
