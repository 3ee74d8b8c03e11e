using System.Diagnostics;

namespace GridForge.Cli.Bench;

/// <summary>What this process spent in a window: CPU time, GC pauses and collections, and (when asked, as it costs a little)
/// the bytes allocated.</summary>
internal sealed class ProcessWindow
{
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly TimeSpan _gcPause = GC.GetTotalPauseDuration();
    private readonly int[] _collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private readonly long? _allocated;

    private ProcessWindow(bool allocations) => _allocated = allocations ? GC.GetTotalAllocatedBytes(precise: true) : null;

    public static ProcessWindow Start(bool allocations = false) => new(allocations);

    public double CpuSeconds => (Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalSeconds;

    public double GcPauseSeconds => (GC.GetTotalPauseDuration() - _gcPause).TotalSeconds;

    public int Collections(int generation) => GC.CollectionCount(generation) - _collections[generation];

    public long AllocatedBytes => GC.GetTotalAllocatedBytes(precise: true) - (_allocated ?? throw new InvalidOperationException("allocations not counted"));

    /// <summary>CPU time of another process (a validator of <c>bench network</c>); 0 once it has exited.</summary>
    public static double CpuSecondsOf(Process p)
    {
        try
        {
            p.Refresh();
            return p.HasExited ? 0 : p.TotalProcessorTime.TotalSeconds;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }
}
