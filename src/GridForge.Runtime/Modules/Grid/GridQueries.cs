using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The grid module's read door: what the API, the dashboard, the MQTT gateway, the CLI and the simulator may read of the
/// grid (topology, slot length, capacities and their overrides), as typed values. Never called by consensus code; nothing outside
/// the module knows its key layout.</summary>
public static class GridQueries
{
    /// <summary>The grid as it stands: zones, links with their normal capacities, local fee and congestion factor.</summary>
    public static GridTopology Topology(IState state) => GridModule.Topology(state);

    /// <summary>The DSO: the holder of the grid's role (<see cref="GridModule.DsoRole"/>), or null when nobody holds it.</summary>
    public static Address? Dso(IState state) => AuthQueries.RoleHolder(state, GridModule.DsoRole);

    /// <summary>The grid one slot is traded on: every link's capacities as they are for that slot.</summary>
    public static GridTopology TopologyFor(IState state, SlotId slot) => GridModule.TopologyFor(state, slot);

    /// <summary>The length of a delivery slot in seconds.</summary>
    public static long SlotLengthSeconds(IState state) => GridModule.SlotLengthSeconds(state);

    /// <summary>The slot that contains a Unix time.</summary>
    public static SlotId SlotAt(IState state, long unixTime) => GridModule.SlotAt(state, unixTime);

    /// <summary>The capacity overrides in force for energy flowing from one zone to another.</summary>
    public static CapacityOverrides Overrides(IState state, ZoneId from, ZoneId to) => GridModule.Overrides(state, from, to);

    /// <summary>The capacity in Wh from one zone to another in a slot (an override, else the link's normal capacity); null when
    /// no link joins them.</summary>
    public static long? CapacityFor(IState state, ZoneId from, ZoneId to, SlotId slot) => GridModule.CapacityFor(state, from, to, slot);
}
