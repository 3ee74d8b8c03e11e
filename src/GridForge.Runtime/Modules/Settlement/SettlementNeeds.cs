using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>What settlement needs from other modules, and nothing more (as Cosmos SDK's <c>expected_keepers.go</c>): the
/// module host wires an implementation of each when it builds the modules (<c>ChainRuntime.StandardModules</c>); a test may
/// wire a double. docs/architecture.md, "Modules and their needs".</summary>
internal sealed record SettlementNeeds(SettlementNeeds.ITokens Tokens, SettlementNeeds.IAuth Auth, SettlementNeeds.IGrid Grid,
    SettlementNeeds.IMetering Metering, SettlementNeeds.IMarket Market, SettlementNeeds.IDisputes Disputes)
{
    /// <summary>Pay out of escrow, release escrow, collect penalties and debts from free WATT.</summary>
    public interface ITokens
    {
        Balance GetBalance(IState state, Address account, Token token);

        Rejection? Transfer(IState state, Address from, Address to, Token token, ulong amount);

        void Unreserve(IState state, Address account, Token token, ulong amount);

        void TransferReserved(IState state, Address from, Address to, Token token, ulong amount);
    }

    /// <summary>Who holds a role (the balancing account's).</summary>
    public interface IAuth
    {
        Address? RoleHolder(IState state, string role);
    }

    /// <summary>Who the DSO is (it keeps the difference between what buyers pay and sellers get, and takes penalties when no
    /// one holds the balancing role).</summary>
    public interface IGrid
    {
        Address? Dso(IState state);
    }

    /// <summary>When a slot's metering window closes, which meters served a seller in a zone during a slot, with their readings,
    /// and adding what a settled trade bought, sold, delivered and fell short to the parties' energy balances.</summary>
    public interface IMetering
    {
        long WindowClosesAt(IState state, SlotId slot);

        IReadOnlyList<(MeterRecord Meter, SlotReading Reading)> ServedBy(IState state, Address owner, ZoneId zone, SlotId slot);

        void AddEnergy(IState state, Address account, SlotId slot, EnergyBalance delta);
    }

    /// <summary>A closed slot's trades, in trade order.</summary>
    public interface IMarket
    {
        IReadOnlyList<MarketTrade> Trades(IState state, SlotId slot);
    }

    /// <summary>The hooks disputes own: a slot settled, a trade settled (or was voided) — a dispute may hold on what it paid.</summary>
    public interface IDisputes
    {
        void OnSlotSettled(TxContext context, SlotId slot);

        void OnTradeSettled(TxContext context, MarketTrade trade, TradeSettlement result);
    }
}
