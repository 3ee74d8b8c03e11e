using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>What metering needs from other modules, and nothing more (as Cosmos SDK's <c>expected_keepers.go</c>): the module
/// host wires an implementation of each when it builds the modules (<c>ChainRuntime.StandardModules</c>); a test may wire a
/// double. docs/architecture.md, "Modules and their needs".</summary>
internal sealed record MeteringNeeds(MeteringNeeds.IGrid Grid)
{
    /// <summary>The DSO (who keeps the meter registry) and the name of its role, the grid's zones, the slot length and the slot
    /// at a time.</summary>
    public interface IGrid
    {
        string DsoRole { get; }

        Address? Dso(IState state);

        GridTopology Topology(IState state);

        long SlotLengthSeconds(IState state);

        SlotId SlotAt(IState state, long unixTime);
    }
}
