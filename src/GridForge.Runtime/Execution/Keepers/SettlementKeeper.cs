using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What the settlement module offers the others: one implementation of every module's needs of settlement, forwarding
/// to <see cref="SettlementModule"/>, its stores and its hooks.</summary>
internal sealed class SettlementKeeper : MarketNeeds.ISettlement
{
    public ulong DebtTotal(IState state, Address debtor) => Debts.Total(state, debtor);

    public ulong DebtToAccounts(IState state, Address debtor) => Debts.ToAccounts(state, debtor);

    public void SlotClosedWithTrades(IState state, SlotId slot) => SettlementModule.SlotClosedWithTrades(state, slot);
}
