namespace GridForge.Cli.Community.Profiles;

/// <summary>A household's consumption: a typical day with a morning and a higher evening peak (shifted by up to half an
/// hour per household), more in winter than in summer, with ±25% noise per slot, scaled to the household's yearly use.</summary>
internal static class LoadProfile
{
    /// <summary>Use at the start of each hour of the day, ‰ of the day's mean (they average 1000).</summary>
    private static ReadOnlySpan<long> HourPermille =>
        [650, 540, 490, 470, 470, 540, 830, 1230, 1280, 1040, 940, 980, 1080, 1010, 900, 900, 1000, 1300, 1650, 1790, 1650, 1400, 1070, 790];

    /// <summary>The season's use on the 15th of each month, ‰ of the year's mean.</summary>
    private static ReadOnlySpan<long> SeasonPermille => [1180, 1120, 1050, 980, 920, 880, 870, 880, 930, 1010, 1100, 1180];

    /// <summary>Wh consumed in <paramref name="slot"/> by a household using <paramref name="annualKwh"/> a year: at least 1 Wh,
    /// at most <paramref name="maxWh"/> (what its meter can measure).</summary>
    public static long Wh(ulong householdSeed, long annualKwh, long slot, long slotSeconds, long maxWh)
    {
        var t = Seasons.Midpoint(slot, slotSeconds);
        var meanWh = checked(annualKwh * 1000 * slotSeconds / (365 * 86_400L));
        var shift = (long)(householdSeed % 61) - 30;
        var shape = DayPermille(Seasons.MinuteOfDay(t) + shift);
        var noise = 1000 + ProfileNoise.Signed(householdSeed, slot, ProfileNoise.Load, 250);
        var wh = meanWh * shape / 1000 * Seasons.Monthly(SeasonPermille, t) / 1000 * noise / 1000;
        return Math.Clamp(wh, 1, Math.Max(1, maxWh));
    }

    /// <summary>The daily shape at a minute of the day (wrapping around midnight), linearly between the hours.</summary>
    public static long DayPermille(long minuteOfDay)
    {
        var m = ((minuteOfDay % 1_440) + 1_440) % 1_440;
        var hour = (int)(m / 60);
        var a = HourPermille[hour];
        var b = HourPermille[(hour + 1) % 24];
        return a + ((b - a) * (m % 60) / 60);
    }
}
