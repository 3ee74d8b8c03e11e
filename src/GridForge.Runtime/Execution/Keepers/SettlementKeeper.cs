using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What the settlement module offers the others: one implementation of every module's needs of settlement, forwarding
/// to <see cref="SettlementModule"/>, its stores and its hooks.</summary>
internal sealed class SettlementKeeper : ContractsNeeds.ISettlement, DisputesNeeds.ISettlement, MarketNeeds.ISettlement
{
    public ulong DebtTotal(IState state, Address debtor) => Debts.Total(state, debtor);

    public ulong DebtToAccounts(IState state, Address debtor) => Debts.ToAccounts(state, debtor);

    public ulong AddDebt(IState state, Address debtor, Address creditor, UInt128 amount) => Debts.Add(state, debtor, creditor, amount);

    public TradeSettlement? Result(IState state, SlotId slot, uint seq) => SettlementStore.Result(state, slot, seq);

    public void SlotClosedWithTrades(IState state, SlotId slot) => SettlementModule.SlotClosedWithTrades(state, slot);
}
