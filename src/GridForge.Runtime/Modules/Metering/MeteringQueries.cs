using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>Metering's read door: what the API, the dashboard, the MQTT gateway, the CLI and the simulator may read of metering's
/// state (the meter registry, registers, accepted readings, energy balances), as typed values. Never called by consensus code;
/// nothing outside the module knows its key layout.</summary>
public static class MeteringQueries
{
    /// <summary>Every registered meter, active and retired, in id order.</summary>
    public static IReadOnlyList<MeterRecord> Meters(IScannableState state)
    {
        var prefix = MeteringModule.MeterRecordPrefix;
        return state.Scan(prefix).Select(kv => MeterRecord.Decode(new MeterId(kv.Key.Span[prefix.Length..]), kv.Value)).ToList();
    }

    /// <summary>A meter's registry record (active or retired), or null when the key was never registered.</summary>
    public static MeterRecord? Meter(IState state, MeterId id) => MeteringModule.Meter(state, id);

    /// <summary>The active meters of an account, in id order.</summary>
    public static IReadOnlyList<MeterId> MetersOf(IState state, Address owner) => MeteringModule.MetersOf(state, owner);

    /// <summary>How many active meters a zone holds.</summary>
    public static long ActiveMetersIn(IState state, ZoneId zone) => MeteringModule.ActiveMetersIn(state, zone);

    /// <summary>The registers after the meter's latest accepted reading (or at registration).</summary>
    public static MeterRegisters Registers(IState state, MeterId id) => MeteringModule.Registers(state, id);

    /// <summary>The meter's accepted reading of a slot, if any.</summary>
    public static SlotReading? Reading(IState state, MeterId id, SlotId slot) => MeteringModule.Reading(state, id, slot);

    /// <summary>An account's energy balance in one slot (zeros when nothing was metered or traded).</summary>
    public static EnergyBalance EnergyBalance(IState state, Address account, SlotId slot) => EnergyBalances.Get(state, account, slot);

    /// <summary>The first Unix second at which no reading of the slot is accepted any more.</summary>
    public static long WindowClosesAt(IState state, SlotId slot) =>
        MeteringModule.WindowClosesAt(state, slot, GridQueries.SlotLengthSeconds(state));

    /// <summary>What an account's active production meters in a zone can export in one slot (the most it may offer there).</summary>
    public static Wh ProductionCapacity(IState state, Address owner, ZoneId zone) =>
        MeteringModule.ProductionCapacity(state, owner, zone, GridQueries.SlotLengthSeconds(state));

    /// <summary>The refusal of a reading that no later block can lift, judged from committed state at chain time
    /// <paramref name="time"/> (a superseded reading, or a closed window); null when a block may still accept it. A gateway
    /// answers such a reading at once instead of paying a transaction for it; the block's own checks stay the rule.</summary>
    public static Rejection? FinalRefusal(IState state, MeterReading reading, long time) =>
        MeteringModule.FinalRefusal(state, reading, time, GridQueries.SlotLengthSeconds(state));
}
