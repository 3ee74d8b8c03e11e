using GridForge.Cli.Community.Profiles;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Cli.Community;

/// <summary>One household of the dev community: what it has behind its meter and how much it uses; its keys and profile
/// seed follow from its name (<see cref="CommunityKeys"/>).</summary>
internal sealed record CommunityMember(int Number, string Name, MemberKind Kind, ZoneId Zone, long GeneratorW, long AnnualLoadKwh, ulong ProfileSeed)
{
    /// <summary>A household without generation is metered on a 3-phase 16 A connection (about 11 kW).</summary>
    public const long ConnectionW = 11_000;

    /// <summary>The meter's rated power: the generator's for a prosumer, the connection's for a consumer.</summary>
    public long MeterRatedW => Kind == MemberKind.Consumer ? ConnectionW : GeneratorW;

    public MeterKind MeterKind => Kind == MemberKind.Consumer ? MeterKind.Consumption : MeterKind.Both;

    public MeterTechnology Technology => Kind switch
    {
        MemberKind.Solar => MeterTechnology.Solar,
        MemberKind.Wind => MeterTechnology.Wind,
        _ => MeterTechnology.Grid,
    };

    /// <summary>The most the meter measures in one slot (the metering rule <c>over_rated_power</c>).</summary>
    public long MaxWhPerSlot(long slotSeconds) => checked(MeterRatedW * slotSeconds / 3_600);

    /// <summary>What the household produces and consumes in a slot.</summary>
    public SlotEnergy Actual(long slot, long slotSeconds) => new(Produced(slot, slotSeconds), Consumed(slot, slotSeconds));

    /// <summary>The household's forecast of a slot: the actual values, each off by a deterministic error (production
    /// ±20%, consumption ±15%), within what the meter can measure.</summary>
    public SlotEnergy Forecast(long slot, long slotSeconds)
    {
        var actual = Actual(slot, slotSeconds);
        var max = MaxWhPerSlot(slotSeconds);
        var produced = actual.ProducedWh * (1000 + ProfileNoise.Signed(ProfileSeed, slot, ProfileNoise.ForecastProduction, 200)) / 1000;
        var consumed = actual.ConsumedWh * (1000 + ProfileNoise.Signed(ProfileSeed, slot, ProfileNoise.ForecastLoad, 150)) / 1000;
        return new SlotEnergy(Math.Min(produced, max), Math.Clamp(consumed, 1, max));
    }

    private long Produced(long slot, long slotSeconds) => Kind switch
    {
        MemberKind.Solar => SolarProfile.Wh(ProfileSeed, GeneratorW, slot, slotSeconds),
        MemberKind.Wind => WindProfile.Wh(ProfileSeed, GeneratorW, slot, slotSeconds),
        _ => 0,
    };

    private long Consumed(long slot, long slotSeconds) => LoadProfile.Wh(ProfileSeed, AnnualLoadKwh, slot, slotSeconds, MaxWhPerSlot(slotSeconds));
}
