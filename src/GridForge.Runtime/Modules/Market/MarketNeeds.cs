using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Market;

/// <summary>What the market needs from other modules, and nothing more (as Cosmos SDK's <c>expected_keepers.go</c>): the
/// module host wires an implementation of each when it builds the modules (<c>ChainRuntime.StandardModules</c>); a test may
/// wire a double. docs/architecture.md, "Modules and their needs".</summary>
internal sealed record MarketNeeds(MarketNeeds.ITokens Tokens, MarketNeeds.IGrid Grid, MarketNeeds.IMetering Metering, MarketNeeds.ISettlement Settlement)
{
    /// <summary>Escrow of WATT: reserve it for an order, release what an order no longer needs, read what is free.</summary>
    public interface ITokens
    {
        Balance GetBalance(IState state, Address account, Token token);

        Rejection? Reserve(IState state, Address account, Token token, ulong amount);

        void Unreserve(IState state, Address account, Token token, ulong amount);
    }

    /// <summary>The grid a slot trades on, the slot length, and the count of capacity changes (to bring open books up to it).</summary>
    public interface IGrid
    {
        GridTopology TopologyFor(IState state, SlotId slot);

        long SlotLengthSeconds(IState state);

        ulong CapacityEpoch(IState state);
    }

    /// <summary>A seller's meters (is there an active production meter in the zone?) and what they can produce in a slot.</summary>
    public interface IMetering
    {
        IReadOnlyList<MeterId> MetersOf(IState state, Address owner);

        MeterRecord? Meter(IState state, MeterId id);

        Wh ProductionCapacity(IState state, Address owner, ZoneId zone);
    }

    /// <summary>Debts that stop an account trading, and the hook settlement owns: a slot closed with trades to settle.</summary>
    public interface ISettlement
    {
        ulong DebtTotal(IState state, Address debtor);

        ulong DebtToAccounts(IState state, Address debtor);

        void SlotClosedWithTrades(IState state, SlotId slot);
    }
}
