namespace GridForge.Node.Observability;

/// <summary>The node's log event ids (stable: operators filter and alert on them; docs/operations.md lists them).</summary>
public static class LogEvents
{
    public const int NodeStarted = 1000;
    public const int NodeStopping = 1001;
    public const int NodeStopped = 1002;
    public const int ConfigWarning = 1003;
    public const int BlockCommitted = 1100;
    public const int ProductionStopped = 1101;
    public const int FailureContained = 1102;
    public const int ApiRequest = 1200;
    public const int ApiRequestFailed = 1201;
    public const int NodeNotice = 1300;
}
