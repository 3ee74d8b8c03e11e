using GridForge.Core.Primitives;

namespace GridForge.Cli.Community;

/// <summary>Who is in a dev community of a given size: members numbered from 1, kinds in the repeating pattern solar,
/// consumer, wind, solar, consumer (2 : 2 : 1), zones in turn Z1, Z2, Z3; sizes drawn from each member's profile seed.</summary>
internal static class CommunityPlan
{
    /// <summary>The dev chain's zones and the one the community's DSO adds.</summary>
    public static readonly IReadOnlyList<string> ZoneNames = ["Z1", "Z2", "Z3"];

    private static readonly MemberKind[] Pattern = [MemberKind.Solar, MemberKind.Consumer, MemberKind.Wind, MemberKind.Solar, MemberKind.Consumer];

    /// <summary>The zones a community of <paramref name="size"/> uses: as many as it has members, at most three.</summary>
    public static IReadOnlyList<string> Zones(int size) => ZoneNames.Take(Math.Clamp(size, 1, ZoneNames.Count)).ToList();

    public static IReadOnlyList<CommunityMember> Members(int size)
    {
        if (size is < 0 or > CommunityKeys.MaxMembers) throw new ArgumentOutOfRangeException(nameof(size));
        var zones = Zones(size);
        var members = new List<CommunityMember>(size);
        for (var n = 1; n <= size; n++)
        {
            var name = CommunityKeys.NameOf(n);
            var seed = CommunityKeys.ProfileSeed(name);
            var kind = Pattern[(n - 1) % Pattern.Length];
            // Solar 3–9 kWp, wind 3–10 kW (steps of 500 W); 2,000–5,000 kWh a year.
            var generator = kind switch
            {
                MemberKind.Solar => 3_000 + ((long)(seed % 13) * 500),
                MemberKind.Wind => 3_000 + ((long)(seed % 15) * 500),
                _ => 0,
            };
            var annual = 2_000 + ((long)((seed >> 16) % 31) * 100);
            members.Add(new CommunityMember(n, name, kind, new ZoneId(zones[(n - 1) % zones.Count]), generator, annual, seed));
        }

        return members;
    }
}
