namespace GridForge.Cli.Community.Profiles;

/// <summary>A small wind turbine: a smoothed random wind speed (the region's, with random knots every 6 hours and a
/// windier winter, scaled by the site's exposure, plus the site's own gusts with knots every hour) through a turbine
/// power curve (cut-in 3 m/s, rated at 12 m/s, cut-out 25 m/s).</summary>
internal static class WindProfile
{
    /// <summary>The season's wind on the 15th of each month, ‰ of the year's mean.</summary>
    private static ReadOnlySpan<long> SeasonPermille => [1180, 1150, 1100, 1000, 900, 850, 830, 860, 950, 1060, 1140, 1180];

    public const long CutInMms = 3_000, RatedMms = 12_000, CutOutMms = 25_000;

    private const long RegionKnotSeconds = 6 * 3_600, LocalKnotSeconds = 3_600;

    /// <summary>The seed of the wind the whole region shares.</summary>
    public const ulong RegionSeed = 0x71ED_0_5_0_2;

    /// <summary>Wh produced in <paramref name="slot"/> by a turbine of <paramref name="ratedW"/>; never more than rated × slot.</summary>
    public static long Wh(ulong siteSeed, long ratedW, long slot, long slotSeconds)
    {
        var speed = SpeedMms(siteSeed, Seasons.Midpoint(slot, slotSeconds));
        return checked(ratedW * slotSeconds / 3_600) * PowerPermille(speed) / 1000;
    }

    /// <summary>Wind speed at the site, mm/s.</summary>
    public static long SpeedMms(ulong siteSeed, long unixTime)
    {
        var region = Knots(RegionSeed, unixTime, RegionKnotSeconds, ProfileNoise.WindRegion, 1_500, 13_000);
        var season = Seasons.Monthly(SeasonPermille, unixTime);
        var exposure = 850 + (ProfileNoise.Permille(siteSeed, 0, ProfileNoise.Site) * 300 / 1000);
        var gusts = Knots(siteSeed, unixTime, LocalKnotSeconds, ProfileNoise.WindLocal, -2_500, 2_500);
        return Math.Max(0, (region * season / 1000 * exposure / 1000) + gusts);
    }

    /// <summary>Output of the turbine at a wind speed, ‰ of its rated power: cubic between cut-in and rated speed.</summary>
    public static long PowerPermille(long speedMms)
    {
        if (speedMms < CutInMms || speedMms >= CutOutMms) return 0;
        if (speedMms >= RatedMms) return 1000;
        var cutIn3 = CutInMms * CutInMms * CutInMms;
        return ((speedMms * speedMms * speedMms) - cutIn3) * 1000 / ((RatedMms * RatedMms * RatedMms) - cutIn3);
    }

    /// <summary>Values drawn uniformly in [low, high] at every multiple of <paramref name="knotSeconds"/>, smoothly interpolated.</summary>
    private static long Knots(ulong seed, long unixTime, long knotSeconds, ulong stream, long low, long high)
    {
        var knot = unixTime / knotSeconds;
        var u = (unixTime % knotSeconds) * 1000 / knotSeconds;
        var a = low + ((high - low) * ProfileNoise.Permille(seed, knot, stream) / 1000);
        var b = low + ((high - low) * ProfileNoise.Permille(seed, knot + 1, stream) / 1000);
        return ProfileNoise.Smooth(a, b, u);
    }
}
