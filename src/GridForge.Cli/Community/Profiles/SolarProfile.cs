namespace GridForge.Cli.Community.Profiles;

/// <summary>Rooftop solar: a clear-sky bell between sunrise and sunset whose length and height follow the season,
/// times the day's weather (shared by the whole community) and passing clouds (per site and slot).</summary>
internal static class SolarProfile
{
    /// <summary>Daylight at 51° N on the 15th of each month, minutes.</summary>
    private static ReadOnlySpan<long> DaylightMinutes => [490, 590, 710, 820, 920, 990, 960, 870, 760, 640, 530, 470];

    /// <summary>Clear-sky output at noon on the 15th of each month, ‰ of the rated power (low winter sun, summer heat losses).</summary>
    private static ReadOnlySpan<long> NoonPermille => [300, 420, 580, 720, 820, 860, 850, 780, 650, 480, 330, 260];

    /// <summary>The seed of the weather everyone in the community shares.</summary>
    public const ulong WeatherSeed = 0x5EA5_0_5_0_1;

    /// <summary>Wh produced in <paramref name="slot"/> by panels of <paramref name="ratedW"/>; never more than rated × slot.</summary>
    public static long Wh(ulong siteSeed, long ratedW, long slot, long slotSeconds)
    {
        var t = Seasons.Midpoint(slot, slotSeconds);
        var shape = ClearSkyPermille(t);
        if (shape == 0) return 0;
        var cloud = CloudPermille(siteSeed, slot, t);
        var maxWh = checked(ratedW * slotSeconds / 3_600);
        return maxWh * shape / 1000 * cloud / 1000;
    }

    /// <summary>Clear-sky output at <paramref name="unixTime"/>, ‰ of the rated power: 0 at night, highest at 12:00 UTC.</summary>
    public static long ClearSkyPermille(long unixTime)
    {
        var daylight = Seasons.Monthly(DaylightMinutes, unixTime);
        var sunrise = 720 - (daylight / 2);
        var x = (Seasons.MinuteOfDay(unixTime) - sunrise) * 1000 / daylight;
        if (x <= 0 || x >= 1000) return 0;
        // A parabola through sunrise and sunset, sharpened halfway towards its square (≈ sin^1.5 of the sun's course).
        var p = 4 * x * (1000 - x) / 1000;
        var bell = (p + (p * p / 1000)) / 2;
        return Seasons.Monthly(NoonPermille, unixTime) * bell / 1000;
    }

    /// <summary>Weather: each day is clear (1000 ‰) to overcast (350 ‰) for everyone; clouds passing a site move a slot
    /// around that, more on a grey day than on a clear one.</summary>
    public static long CloudPermille(ulong siteSeed, long slot, long unixTime)
    {
        var day = 350 + (ProfileNoise.Permille(WeatherSeed, Seasons.Day(unixTime), ProfileNoise.CloudDay) * 650 / 1000);
        var swing = 1000 - day + 100;
        var local = day + (ProfileNoise.Signed(siteSeed, slot, ProfileNoise.CloudSlot, 500) * swing / 1000);
        return Math.Clamp(local, 100, 1000);
    }
}
