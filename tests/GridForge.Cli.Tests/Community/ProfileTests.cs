using CsCheck;
using GridForge.Cli.Community;
using GridForge.Cli.Community.Profiles;

namespace GridForge.Cli.Tests.Community;

/// <summary>The dev community's profiles: deterministic integer functions of (member seed, slot), shaped like the real
/// thing and never beyond what a meter of the member's rated power can measure.</summary>
public sealed class ProfileTests
{
    private const long SlotSeconds = 900;

    private static long SlotAt(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero).ToUnixTimeSeconds() / SlotSeconds;

    private static readonly Gen<long> AnySlot = Gen.Long[SlotAt(2024, 1, 1, 0, 0), SlotAt(2032, 1, 1, 0, 0)];

    [Fact]
    public void ClearSky_OnMidsummerNoon_IsTheTablesPeak_ComputedByHand()
    {
        // 15 June: daylight 990 min, sunrise 12:00 − 495 min = 03:45; noon is halfway, the bell is 1000 ‰; June's peak is 860 ‰.
        var noon = new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Equal(860, SolarProfile.ClearSkyPermille(noon));
        // 15 December 03:00 is four hours before sunrise (daylight 470 min: 08:05 to 15:55).
        Assert.Equal(0, SolarProfile.ClearSkyPermille(new DateTimeOffset(2026, 12, 15, 3, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()));
    }

    [Fact]
    public void Solar_IsZeroAtNight_AndPeaksNearNoon_EveryMonth()
    {
        var member = CommunityPlan.Members(36).First(m => m.Kind == MemberKind.Solar);
        for (var month = 1; month <= 12; month++)
        {
            var first = SlotAt(2026, month, 10, 0, 0);
            var day = Enumerable.Range(0, 96).Select(i => (Slot: first + i, Clear: SolarProfile.ClearSkyPermille(((first + i) * SlotSeconds) + 450),
                Wh: SolarProfile.Wh(member.ProfileSeed, member.GeneratorW, first + i, SlotSeconds))).ToList();
            // Midnight to 03:00 and 21:00 to midnight: dark all year at 51° N.
            Assert.All(day.Take(12).Concat(day.Skip(84)), s => Assert.Equal(0, s.Wh));
            var peak = day.MaxBy(s => s.Clear);
            var hour = (peak.Slot - first) / 4;
            Assert.InRange(hour, 11, 12);
            Assert.True(day.Sum(s => s.Wh) > 0, $"month {month}: no sun at all");
        }
    }

    [Fact]
    public void Solar_AndWind_NeverExceedRatedPowerOverTheSlot()
    {
        Gen.Select(Gen.ULong, Gen.Long[1, 100_000_000], AnySlot).Sample((seed, rated, slot) =>
        {
            var max = rated * SlotSeconds / 3_600;
            var solar = SolarProfile.Wh(seed, rated, slot, SlotSeconds);
            var wind = WindProfile.Wh(seed, rated, slot, SlotSeconds);
            return solar >= 0 && solar <= max && wind >= 0 && wind <= max;
        });
    }

    [Fact]
    public void WindPowerCurve_IsZeroBelowCutIn_CubicToRated_FullToCutOut_ThenZero()
    {
        Assert.Equal(0, WindProfile.PowerPermille(2_999));
        Assert.Equal(0, WindProfile.PowerPermille(WindProfile.CutInMms));
        // (7.5³ − 3³) / (12³ − 3³) = 394.875 / 1701 → 232 ‰, by hand.
        Assert.Equal(232, WindProfile.PowerPermille(7_500));
        Assert.Equal(1000, WindProfile.PowerPermille(WindProfile.RatedMms));
        Assert.Equal(1000, WindProfile.PowerPermille(24_999));
        Assert.Equal(0, WindProfile.PowerPermille(WindProfile.CutOutMms));
    }

    [Fact]
    public void Wind_ChangesSmoothly_FromSlotToSlot_AndBlowsSometimes()
    {
        var member = CommunityPlan.Members(36).First(m => m.Kind == MemberKind.Wind);
        var first = SlotAt(2026, 1, 1, 0, 0);
        var speeds = Enumerable.Range(0, 96 * 30).Select(i => WindProfile.SpeedMms(member.ProfileSeed, (first + i) * SlotSeconds)).ToList();
        // A smoothed walk, not white noise: no 15-minute step of more than 3 m/s.
        Assert.All(speeds.Zip(speeds.Skip(1)), p => Assert.InRange(Math.Abs(p.Second - p.First), 0, 3_000));
        var producing = Enumerable.Range(0, 96 * 30).Count(i => WindProfile.Wh(member.ProfileSeed, member.GeneratorW, first + i, SlotSeconds) > 0);
        Assert.InRange(producing, 96 * 30 / 5, 96 * 30 - 1);
    }

    [Fact]
    public void Load_IsPositive_AndWithinTheMeter()
    {
        Gen.Select(Gen.ULong, Gen.Long[500, 20_000], AnySlot, Gen.Long[1, 5_000]).Sample((seed, annual, slot, max) =>
        {
            var wh = LoadProfile.Wh(seed, annual, slot, SlotSeconds, max);
            return wh >= 1 && wh <= max;
        });
    }

    [Fact]
    public void Load_HasAMorningAndAHigherEveningPeak_OverAYear()
    {
        var member = CommunityPlan.Members(36).First(m => m.Kind == MemberKind.Consumer);
        var first = SlotAt(2026, 1, 1, 0, 0);
        var byHour = new long[24];
        for (var i = 0; i < 96 * 365; i++) byHour[i % 96 / 4] += LoadProfile.Wh(member.ProfileSeed, member.AnnualLoadKwh, first + i, SlotSeconds,
            long.MaxValue);
        long Mean(int from, int to) => byHour[from..to].Sum() / (to - from);
        var night = Mean(2, 5);
        var morning = Mean(7, 9);
        var midday = Mean(13, 16);
        var evening = Mean(18, 21);
        Assert.True(morning > midday && midday > night, $"night {night}, morning {morning}, midday {midday}");
        Assert.True(evening > morning, $"morning {morning}, evening {evening}");
        // The year's use comes out near what the household was given (the noise and the season average out).
        Assert.InRange(byHour.Sum() / 1000, member.AnnualLoadKwh * 95 / 100, member.AnnualLoadKwh * 105 / 100);
    }

    [Fact]
    public void Profiles_AreDeterministicPerSeed_AndDifferBetweenMembers()
    {
        var a = CommunityPlan.Members(36);
        var b = CommunityPlan.Members(36);
        Assert.Equal(a, b);
        var first = SlotAt(2026, 5, 1, 0, 0);
        var series = a.Select(m => Enumerable.Range(0, 96).Select(i => m.Actual(first + i, SlotSeconds)).ToList()).ToList();
        var again = b.Select(m => Enumerable.Range(0, 96).Select(i => m.Actual(first + i, SlotSeconds)).ToList()).ToList();
        for (var i = 0; i < series.Count; i++) Assert.Equal(series[i], again[i]);
        Assert.Equal(series.Count, series.Select(s => string.Join(",", s)).Distinct().Count());
    }

    [Fact]
    public void Forecast_IsTheActualValueOffByAtMostItsError()
    {
        var members = CommunityPlan.Members(36);
        Gen.Select(Gen.Int[0, 35], AnySlot).Sample((i, slot) =>
        {
            var m = members[i];
            var actual = m.Actual(slot, SlotSeconds);
            var forecast = m.Forecast(slot, SlotSeconds);
            var max = m.MaxWhPerSlot(SlotSeconds);
            return Math.Abs(forecast.ProducedWh - actual.ProducedWh) <= (actual.ProducedWh / 5) + 1
                && Math.Abs(forecast.ConsumedWh - actual.ConsumedWh) <= (actual.ConsumedWh * 15 / 100) + 1
                && forecast.ProducedWh <= max && forecast.ConsumedWh >= 1 && forecast.ConsumedWh <= max;
        });
    }

    [Fact]
    public void Meters_SeeTheNet_AndNeverMoreThanTheirRatedPower()
    {
        var members = CommunityPlan.Members(36);
        Gen.Select(Gen.Int[0, 35], AnySlot).Sample((i, slot) =>
        {
            var m = members[i];
            var e = m.Actual(slot, SlotSeconds);
            var max = m.MaxWhPerSlot(SlotSeconds);
            return e.ExportedWh - e.ImportedWh == e.ProducedWh - e.ConsumedWh && Math.Min(e.ExportedWh, e.ImportedWh) == 0
                && e.ExportedWh <= max && e.ImportedWh <= max && (m.Kind != MemberKind.Consumer || e.ExportedWh == 0);
        });
    }
}
