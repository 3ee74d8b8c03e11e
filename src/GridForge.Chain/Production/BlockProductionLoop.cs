namespace GridForge.Chain.Production;

/// <summary>Produces a block every block interval (a chain parameter) until stopped: the single
/// validator of a dev network. Block time comes from the clock here, outside consensus code.</summary>
public sealed class BlockProductionLoop(ChainNode node, TimeProvider clock) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _task;

    public Exception? Failure { get; private set; }

    /// <summary>Completes when the loop ends: stopped, or failed (<see cref="Failure"/>).</summary>
    public Task Completion => _task ?? Task.CompletedTask;

    public void Start() => _task = Task.Run(RunAsync);

    private async Task RunAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var started = clock.GetTimestamp();
                node.ProduceBlock(clock.GetUtcNow().ToUnixTimeSeconds());
                var interval = TimeSpan.FromMilliseconds(node.Runtime.BlockIntervalMs(node.State));
                var remaining = interval - clock.GetElapsedTime(started);
                if (remaining > TimeSpan.Zero) await Task.Delay(remaining, clock, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A block that cannot be committed stops production: the node must not run on a state it could not persist.
            // The host logs it and reports it in its health and metrics.
            Failure = e;
        }
    }

    public void Stop()
    {
        _stop.Cancel();
        try
        {
            _task?.Wait();
        }
        catch (AggregateException)
        {
        }
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }
}
