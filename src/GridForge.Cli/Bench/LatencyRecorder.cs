using System.Diagnostics;

namespace GridForge.Cli.Bench;

/// <summary>Latencies of a bench (milliseconds) and their percentiles: the nearest-rank percentile, the smallest latency at
/// or below which a share <c>p</c> of them lie. Not thread-safe: one recorder per observing task.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _ms;
    private bool _sorted = true;

    public LatencyRecorder(int capacity = 0) => _ms = new List<double>(capacity);

    public int Count => _ms.Count;

    public void Add(double milliseconds)
    {
        _sorted = _sorted && (_ms.Count == 0 || _ms[^1] <= milliseconds);
        _ms.Add(milliseconds);
    }

    /// <summary>Adds the time between two <see cref="Stopwatch"/> timestamps (ticks of <see cref="Stopwatch.Frequency"/>).</summary>
    public void AddTicks(long from, long to) => Add((to - from) * 1000.0 / Stopwatch.Frequency);

    /// <summary>The nearest-rank percentile (<paramref name="p"/> from 0 to 1); NaN when nothing was recorded.</summary>
    public double Percentile(double p)
    {
        if (_ms.Count == 0) return double.NaN;
        if (!_sorted)
        {
            _ms.Sort();
            _sorted = true;
        }

        return _ms[(int)Math.Clamp(Math.Ceiling(p * _ms.Count) - 1, 0, _ms.Count - 1)];
    }
}
