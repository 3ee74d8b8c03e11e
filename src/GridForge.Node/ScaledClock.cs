namespace GridForge.Node;

/// <summary>A dev network's clock that runs <see cref="Speed"/> times faster than real time: now = start + real elapsed ×
/// speed. Only <see cref="GetUtcNow"/> is scaled; timestamps and timers stay real, so block production keeps its real
/// block interval and each block moves chain time on by interval × speed. Outside consensus code: it only dates the
/// blocks this node proposes.</summary>
public sealed class ScaledClock : TimeProvider
{
    /// <summary>The fastest clock a dev node accepts: an hour of chain time per real second.</summary>
    public const int MaxSpeed = 3_600;

    private readonly TimeProvider _real;
    private readonly long _startTimestamp;

    public ScaledClock(DateTimeOffset start, int speed, TimeProvider? real = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(speed, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(speed, MaxSpeed);
        _real = real ?? System;
        _startTimestamp = _real.GetTimestamp();
        Start = start;
        Speed = speed;
    }

    /// <summary>The chain time the clock started at.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Chain seconds per real second.</summary>
    public int Speed { get; }

    /// <summary>A clock for a chain whose latest block is dated <paramref name="latestBlockTime"/> (Unix seconds): it
    /// starts at the later of now and that time, so a dev chain restarted after running fast never goes back in time
    /// (a block's time may not precede its parent's) and never stalls waiting for the wall clock to catch up.</summary>
    public static ScaledClock ForChain(long latestBlockTime, int speed, TimeProvider? real = null)
    {
        var now = (real ?? System).GetUtcNow();
        var latest = DateTimeOffset.FromUnixTimeSeconds(latestBlockTime);
        return new ScaledClock(latest > now ? latest : now, speed, real);
    }

    public override DateTimeOffset GetUtcNow() =>
        Start + TimeSpan.FromTicks(checked(_real.GetElapsedTime(_startTimestamp).Ticks * Speed));

    public override long GetTimestamp() => _real.GetTimestamp();

    public override long TimestampFrequency => _real.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _real.CreateTimer(callback, state, dueTime, period);
}
