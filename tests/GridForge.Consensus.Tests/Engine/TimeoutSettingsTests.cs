using GridForge.Consensus.Engine;

namespace GridForge.Consensus.Tests.Engine;

/// <summary>timeout(r) = base + r × delta, saturating: no round number makes it throw or exceed what a timer takes.</summary>
public sealed class TimeoutSettingsTests
{
    private static readonly TimeoutKind[] Kinds = [TimeoutKind.Propose, TimeoutKind.Prevote, TimeoutKind.Precommit];

    [Fact]
    public void TheTimeout_GrowsByDeltaEachRound()
    {
        var t = new TimeoutSettings();
        Assert.Equal(3_000, t.Duration(TimeoutKind.Propose, 0));
        Assert.Equal(3_500, t.Duration(TimeoutKind.Propose, 1));
        Assert.Equal(1_000 + (500L * 10_000), t.Duration(TimeoutKind.Prevote, 10_000));
        Assert.Equal(1_000 + (500L * 7), t.Duration(TimeoutKind.Precommit, 7));
    }

    [Fact]
    public void InRound10000_WithHourLongTimeouts_TheTimeoutIsADay_NotAnOverflow()
    {
        const long hour = 60 * 60 * 1000;
        var t = new TimeoutSettings
        {
            ProposeMs = hour, ProposeDeltaMs = hour, PrevoteMs = hour, PrevoteDeltaMs = hour, PrecommitMs = hour, PrecommitDeltaMs = hour,
        };
        foreach (var kind in Kinds)
        {
            Assert.Equal(TimeoutSettings.MaxDurationMs, t.Duration(kind, 10_000));
            Assert.Equal(hour * 24, t.Duration(kind, 23)); // exactly the bound
            Assert.Equal(hour * 23, t.Duration(kind, 22));
        }
    }

    [Fact]
    public void AtTheLastRound_WithTheLargestDeltas_TheTimeoutSaturates()
    {
        var t = new TimeoutSettings
        {
            ProposeMs = long.MaxValue, ProposeDeltaMs = long.MaxValue, PrevoteMs = 1, PrevoteDeltaMs = long.MaxValue, PrecommitMs = 1, PrecommitDeltaMs = 0,
        };
        Assert.Equal(TimeoutSettings.MaxDurationMs, t.Duration(TimeoutKind.Propose, int.MaxValue));
        Assert.Equal(TimeoutSettings.MaxDurationMs, t.Duration(TimeoutKind.Prevote, int.MaxValue));
        Assert.Equal(1, t.Duration(TimeoutKind.Precommit, int.MaxValue));
        Assert.Equal(TimeoutSettings.MaxDurationMs, new TimeoutSettings().Duration(TimeoutKind.Propose, int.MaxValue));
    }

    [Fact]
    public async Task TheLongestTimeout_IsOneATimerTakes()
    {
        // Task.Delay and timers refuse more than uint.MaxValue − 1 ms; the driver schedules every timeout with one.
        Assert.True(TimeoutSettings.MaxDurationMs <= uint.MaxValue - 1L);
        using var cancel = new CancellationTokenSource();
        var delay = Task.Delay(TimeSpan.FromMilliseconds(TimeoutSettings.MaxDurationMs), TimeProvider.System, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delay);
    }
}
