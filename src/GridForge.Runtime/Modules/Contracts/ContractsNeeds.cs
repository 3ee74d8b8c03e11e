using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>What contracts need from other modules, and nothing more (as Cosmos SDK's <c>expected_keepers.go</c>): the module
/// host wires an implementation of each when it builds the modules (<c>ChainRuntime.StandardModules</c>); a test may wire a
/// double. docs/architecture.md, "Modules and their needs".</summary>
internal sealed record ContractsNeeds(ContractsNeeds.ITokens Tokens, ContractsNeeds.IGrid Grid, ContractsNeeds.IMarket Market,
    ContractsNeeds.IMetering Metering, ContractsNeeds.ISettlement Settlement, ContractsNeeds.IDisputes Disputes)
{
    /// <summary>Escrow of WATT for flexibility, termination fees and contract payments.</summary>
    public interface ITokens
    {
        Balance GetBalance(IState state, Address account, Token token);

        Rejection? Reserve(IState state, Address account, Token token, ulong amount);

        void Unreserve(IState state, Address account, Token token, ulong amount);

        Rejection? Transfer(IState state, Address from, Address to, Token token, ulong amount);

        void TransferReserved(IState state, Address from, Address to, Token token, ulong amount);
    }

    /// <summary>The grid's zones, the slot length and the current slot, and the DSO (who offers flexibility and declares congestion).</summary>
    public interface IGrid
    {
        GridTopology Topology(IState state);

        long SlotLengthSeconds(IState state);

        SlotId SlotAt(IState state, long unixTime);

        Address? Dso(IState state);
    }

    /// <summary>The market's rules a contract obeys (gate time, price and quantity bounds) and its one door for contracts: the
    /// same checks and the same engine as orders by hand (DESIGN §6 Contracts: no back door).</summary>
    public interface IMarket
    {
        long GateTime(IState state, SlotId slot);

        long GateClosureSeconds(IState state);

        long PriceLimit(IState state);

        long MaxOrderWh(IState state);

        Wh SellRoom(IState state, SlotId slot, Address seller, ZoneId zone);

        (PricePerKwh Fee, Wh Room)? Route(IState state, SlotId slot, ZoneId from, ZoneId to);

        CrossingAsk? BestCrossingAsk(IState state, SlotId slot, ZoneId buyZone);

        MarketOrder? Order(IState state, ulong id);

        Rejection? RegisterTrade(TxContext context, PrearrangedTrade trade, out MarketTrade? registered);

        Rejection? PlaceFor(TxContext context, Address owner, PlaceOrderMessage message, ulong contract, out ulong id);
    }

    /// <summary>Meters and their readings: what served an account in a slot, its production meters, when a slot's readings are final.</summary>
    public interface IMetering
    {
        long WindowClosesAt(IState state, SlotId slot);

        IReadOnlyList<(MeterRecord Meter, SlotReading Reading)> ServedBy(IState state, Address owner, ZoneId zone, SlotId slot);

        IReadOnlyList<MeterId> MetersOf(IState state, Address owner);

        MeterRecord? Meter(IState state, MeterId id);
    }

    /// <summary>Debts (they stop a party trading; an unpaid period becomes one) and how a contract's trades settled.</summary>
    public interface ISettlement
    {
        ulong DebtTotal(IState state, Address debtor);

        ulong DebtToAccounts(IState state, Address debtor);

        ulong AddDebt(IState state, Address debtor, Address creditor, UInt128 amount);

        TradeSettlement? Result(IState state, SlotId slot, uint seq);
    }

    /// <summary>The hook disputes own: a contract period (or flexibility slot) was paid — a dispute may hold on it.</summary>
    public interface IDisputes
    {
        void OnContractPeriodSettled(TxContext context, ulong contract, long period, Address payee, ulong paid);
    }
}
