using GridForge.Chain;
using GridForge.Core.Crypto;

namespace GridForge.Node.Tests;

/// <summary><c>node --dev --speed N</c>: chain time = start + real elapsed × N, starting no earlier than the latest block.</summary>
public sealed class ScaledClockTests
{
    /// <summary>A real clock the test moves by hand.</summary>
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private long _ticks;

        public DateTimeOffset Now { get; set; } = now;

        public void Advance(TimeSpan by)
        {
            _ticks += by.Ticks;
            Now += by;
        }

        public override DateTimeOffset GetUtcNow() => Now;

        public override long GetTimestamp() => _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }

    private static readonly DateTimeOffset Noon = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetUtcNow_RunsSpeedTimesFasterThanRealTime()
    {
        var real = new ManualClock(Noon);
        var clock = new ScaledClock(Noon, 96, real);
        real.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(Noon.AddSeconds(960), clock.GetUtcNow());
        real.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(10));
        Assert.Equal(Noon.AddDays(1), clock.GetUtcNow());
    }

    [Fact]
    public void TimestampsAndTimers_StayReal_SoTheBlockIntervalIsRealTime()
    {
        var real = new ManualClock(Noon);
        var clock = new ScaledClock(Noon, 600, real);
        real.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(real.GetTimestamp(), clock.GetTimestamp());
        Assert.Equal(TimeSpan.FromSeconds(2), clock.GetElapsedTime(0));
    }

    [Fact]
    public void ForChain_AheadOfTheWallClock_StartsAtTheLatestBlock_NeverGoingBackInTime()
    {
        var real = new ManualClock(Noon);
        var latest = Noon.AddDays(3).ToUnixTimeSeconds();
        var clock = ScaledClock.ForChain(latest, 1, real);
        Assert.Equal(latest, clock.GetUtcNow().ToUnixTimeSeconds());
        real.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(latest + 5, clock.GetUtcNow().ToUnixTimeSeconds());
    }

    [Fact]
    public void ForChain_BehindTheWallClock_StartsNow()
    {
        var real = new ManualClock(Noon);
        var clock = ScaledClock.ForChain(Noon.AddHours(-5).ToUnixTimeSeconds(), 60, real);
        Assert.Equal(Noon, clock.GetUtcNow());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(ScaledClock.MaxSpeed + 1)]
    public void Speed_OutsideOneToMax_IsRefused(int speed) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledClock(Noon, speed));

    [Fact]
    public async Task BlockProduction_WithAScaledClock_DatesEachBlockSpeedTimesTheIntervalLater()
    {
        const int speed = 600;
        var data = Path.Combine(Path.GetTempPath(), "gridforge-clock-" + Guid.NewGuid().ToString("N"));
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var chain = ChainNode.Open(data, DevChain.Genesis(start), DevAccounts.Key("validator"));
        var times = new List<long>();
        await using (var host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: true, clock: ScaledClock.ForChain(start, speed)))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (chain.Height < 4 && DateTime.UtcNow < deadline) await Task.Delay(100);
            for (var h = 1UL; h <= Math.Min(chain.Height, 4); h++) times.Add(chain.GetBlock(h)!.Header.Time);
        }

        Directory.Delete(data, true);
        Assert.Equal(4, times.Count);
        // Blocks are about one real block interval (1 s) apart, so about `speed` chain seconds (the system clock: 1 s).
        for (var i = 1; i < times.Count; i++) Assert.True(times[i] - times[i - 1] >= speed / 2,
            $"blocks {i} and {i + 1} are {times[i] - times[i - 1]} s apart");
    }
}
