using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What contracts offer the others: one implementation of every module's needs of contracts, forwarding to
/// <see cref="ContractStore"/> and <see cref="PpaRunner"/>.</summary>
internal sealed class ContractsKeeper : DisputesNeeds.IContracts
{
    public ContractRecord? Contract(IState state, ulong id) => ContractStore.Contract(state, id);

    public PpaPeriod? PpaPeriod(IState state, ulong contract, long period) =>
        state.Get(ContractStore.PpaPeriodKey(contract, period)) is { } raw ? Modules.Contracts.PpaPeriod.Decode(raw) : null;

    public FlexSlotRecord? FlexSlot(IState state, ulong contract, SlotId slot) =>
        state.Get(ContractStore.FlexSlotKey(contract, slot)) is { } raw ? FlexSlotRecord.Decode(raw) : null;

    public (Address Seller, Address Buyer) Parties(ContractRecord contract, PpaTerms terms) => PpaRunner.Parties(contract, terms);
}
