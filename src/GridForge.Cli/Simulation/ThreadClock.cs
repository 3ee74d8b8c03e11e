using System.Globalization;

namespace GridForge.Cli.Simulation;

/// <summary>The calling thread's time on a CPU and time spent runnable but waiting for one (Linux <c>/proc/thread-self/schedstat</c>),
/// in nanoseconds, or −1 where the kernel does not say. On a shared machine the wall time of a single-threaded run is its time on a
/// CPU plus its wait; the first is what it takes when the machine is otherwise idle.</summary>
internal static class ThreadClock
{
    public static (long OnCpu, long Waiting) Now()
    {
        const string path = "/proc/thread-self/schedstat";
        var fields = File.Exists(path) ? File.ReadAllText(path).Split(' ') : [];
        return fields.Length > 1
            && long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var cpu)
            && long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var wait)
            ? (cpu, wait)
            : (-1, -1);
    }
}
