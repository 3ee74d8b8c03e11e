using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>The contracts module's read door: what the API, the dashboard, the CLI and the simulator may read of contracts'
/// state (records, history, PPA periods, flexibility slots), as typed values. Never called by consensus code; nothing outside the
/// module knows its key layout.</summary>
public static class ContractsQueries
{
    /// <summary>One contract, or null when no contract has that id.</summary>
    public static ContractRecord? Contract(IState state, ulong id) => ContractStore.Contract(state, id);

    /// <summary>The live (proposed or active) contracts' ids, ascending.</summary>
    public static IReadOnlyList<ulong> Live(IState state) => ContractStore.Live(state).Select(id => (ulong)id).ToList();

    /// <summary>Every contract an account is a party to (creator or counterparty), in id order, whatever its status.</summary>
    public static IReadOnlyList<ContractRecord> ContractsOf(IScannableState state, Address party) =>
        KeyTail.Ids(state, ContractStore.PartyScanPrefix(party)).Select(id => ContractStore.Contract(state, id)!).ToList();

    /// <summary>Every step of a contract in order: block time and the event.</summary>
    public static IReadOnlyList<(long Time, Event Event)> History(IScannableState state, ulong id) =>
        state.Scan(ContractStore.HistoryScanPrefix(id)).Select(kv => ContractStore.DecodeHistory(kv.Value)).ToList();

    /// <summary>The market orders a contract placed (they are its creator's), oldest first.</summary>
    public static IReadOnlyList<MarketOrder> Orders(IScannableState state, ContractRecord contract) =>
        MarketQueries.OrdersOf(state, contract.Creator).Where(o => o.Contract == contract.Id).ToList();

    /// <summary>A PPA's settlement periods, in period order.</summary>
    public static IReadOnlyList<PpaPeriod> Periods(IScannableState state, ulong id) =>
        state.Scan(ContractStore.PpaPeriodScanPrefix(id)).Select(kv => PpaPeriod.Decode(kv.Value)).ToList();

    /// <summary>One period of a PPA, or null when it has none yet.</summary>
    public static PpaPeriod? Period(IState state, ulong id, long period) =>
        state.Get(ContractStore.PpaPeriodKey(id, period)) is { } raw ? PpaPeriod.Decode(raw) : null;

    /// <summary>A flexibility contract's activated slots, in slot order.</summary>
    public static IReadOnlyList<(SlotId Slot, FlexSlotRecord Record)> FlexSlots(IScannableState state, ulong id) =>
        state.Scan(ContractStore.FlexSlotScanPrefix(id))
            .Select(kv => (new SlotId((long)KeyTail.U64(kv.Key)), FlexSlotRecord.Decode(kv.Value)))
            .ToList();
}
