namespace GridForge.Cli.Community.Profiles;

/// <summary>Slot arithmetic and seasonal tables for the profiles. The community lives on the prime meridian at about
/// 51° N (London, Brussels): solar noon is 12:00 UTC and there is no daylight saving time.</summary>
internal static class Seasons
{
    /// <summary>The instant a slot's profile is taken at: its midpoint, Unix seconds.</summary>
    public static long Midpoint(long slot, long slotSeconds) => checked((slot * slotSeconds) + (slotSeconds / 2));

    public static long MinuteOfDay(long unixTime) => (long)(((ulong)unixTime % 86_400) / 60);

    public static long Day(long unixTime) => unixTime / 86_400;

    /// <summary>A monthly table (values at the 15th of each month) read at <paramref name="unixTime"/>, linearly
    /// interpolated between the months around it.</summary>
    public static long Monthly(ReadOnlySpan<long> table, long unixTime)
    {
        var date = DateTimeOffset.FromUnixTimeSeconds(unixTime).UtcDateTime;
        // Position in 1/1000 of a month from the 15th of January.
        var daysInMonth = DateTime.DaysInMonth(date.Year, date.Month);
        var position = ((date.Month - 1) * 1000L) + ((date.Day - 15) * 1000L / daysInMonth);
        var month = (int)(position >= 0 ? position / 1000 : (position - 999) / 1000);
        var fraction = position - (month * 1000L);
        var a = table[((month % 12) + 12) % 12];
        var b = table[(((month + 1) % 12) + 12) % 12];
        return a + ((b - a) * fraction / 1000);
    }
}
