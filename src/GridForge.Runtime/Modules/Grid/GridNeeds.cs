using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>What the grid needs from other modules, and nothing more (as Cosmos SDK's <c>expected_keepers.go</c>): the module
/// host wires an implementation of each when it builds the modules (<c>ChainRuntime.StandardModules</c>); a test may wire a
/// double. docs/architecture.md, "Modules and their needs".</summary>
internal sealed record GridNeeds(GridNeeds.IAuth Auth, GridNeeds.IMetering Metering)
{
    /// <summary>Whether an account holds a role (only the DSO changes the grid).</summary>
    public interface IAuth
    {
        bool HasRole(IState state, string role, Address account);
    }

    /// <summary>How many active meters a zone has (a zone with meters cannot be removed).</summary>
    public interface IMetering
    {
        long ActiveMetersIn(IState state, ZoneId zone);
    }
}
