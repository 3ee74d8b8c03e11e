using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>A grid flexibility contract. In a slot the DSO declared congested in the contract's zone, the DSO's payment for the
/// most reduction it can owe is escrowed at the slot's run time; once the slot's metering window closes, the provider's metered
/// consumption (or export) is compared with its baseline — the average of the same slot on the previous days that have a
/// reading — and the DSO pays the agreed price per kWh of reduction, at most the contract's maximum; the rest returns.</summary>
internal static class FlexRunner
{
    public static void Act(TxContext context, ContractRecord c, SlotId slot)
    {
        var needs = ContractsModule.NeedsOf(context);
        var state = context.State;
        var terms = (FlexibilityTerms)c.DecodeTerms();
        if (!ContractStore.IsCongested(state, terms.Zone, slot)) return;
        var escrow = (ulong)Escrow.Ceil(terms.MaxWh, terms.Price);
        if (needs.Tokens.Reserve(state, c.Creator, Token.Watt, escrow) is { } refused)
        {
            ContractsModule.Emit(context, c, new ContractActionRefused(c.Id, slot, "activate", refused.Code, refused.Message));
            return;
        }

        context.State.Set(ContractStore.FlexSlotKey(c.Id, slot), new FlexSlotRecord(escrow).Encode());
        ContractsModule.Emit(context, c, new FlexActivated(c.Id, slot, terms.Zone, escrow));
    }

    /// <summary>Verifies, in slot order, the acted slots whose metering window has closed.</summary>
    /// <returns>Whether every slot up to the contract's last is verified.</returns>
    public static bool Settle(TxContext context, ContractRecord c)
    {
        var needs = ContractsModule.NeedsOf(context);
        var state = context.State;
        while (c.NextSettle <= c.LastSlot && c.NextSettle < c.NextSlot
               && needs.Metering.WindowClosesAt(state, new SlotId(c.NextSettle)) <= context.Block.Time)
        {
            var slot = new SlotId(c.NextSettle);
            if (state.Get(ContractStore.FlexSlotKey(c.Id, slot)) is { } raw) Verify(context, c, slot, FlexSlotRecord.Decode(raw));
            c.NextSettle++;
        }

        return c.NextSettle > c.LastSlot;
    }

    /// <summary>Returns to the DSO the escrow of every slot the contract activated but has not verified (a suspended contract
    /// verifies no more); each such slot keeps its record with no escrow. Returns the µWATT released.</summary>
    public static ulong ReleaseUnverified(TxContext context, ContractRecord c)
    {
        var needs = ContractsModule.NeedsOf(context);
        var state = context.State;
        ulong released = 0;
        for (var s = c.NextSettle; s < c.NextSlot; s++)
        {
            var key = ContractStore.FlexSlotKey(c.Id, new SlotId(s));
            if (state.Get(key) is not { } raw || FlexSlotRecord.Decode(raw) is not { Verified: false, Escrow: > 0 } record) continue;
            needs.Tokens.Unreserve(state, c.Creator, Token.Watt, record.Escrow);
            state.Set(key, (record with { Escrow = 0 }).Encode());
            released = checked(released + record.Escrow);
        }

        return released;
    }

    private static void Verify(TxContext context, ContractRecord c, SlotId slot, FlexSlotRecord record)
    {
        var needs = ContractsModule.NeedsOf(context);
        var state = context.State;
        var terms = (FlexibilityTerms)c.DecodeTerms();
        var provider = c.Counterparty;
        var metered = Value(ContractsModule.Metered(needs, state, provider, terms.Zone, slot), terms.Direction);
        var baseline = Baseline(needs, state, provider, terms, slot);
        // No reading of the slot: the reduction cannot be verified, so nothing is paid.
        var reduction = metered is { } m ? Math.Clamp(baseline - m, 0, terms.MaxWh.Value) : 0;
        var pay = (ulong)Escrow.Floor(new Wh(reduction), terms.Price);
        if (pay > 0) needs.Tokens.TransferReserved(state, c.Creator, provider, Token.Watt, pay);
        if (record.Escrow > pay) needs.Tokens.Unreserve(state, c.Creator, Token.Watt, record.Escrow - pay);
        state.Set(ContractStore.FlexSlotKey(c.Id, slot),
            (record with { Verified = true, Baseline = baseline, Metered = metered ?? 0, Reduction = reduction, Paid = pay }).Encode());
        needs.Disputes.OnContractPeriodSettled(context, c.Id, slot.Index, provider, pay);
        ContractsModule.Emit(context, c, new FlexVerified(c.Id, slot, baseline, metered, reduction, pay, record.Escrow - pay));
    }

    /// <summary>The floor of the average of the same slot's metered value over the previous baseline days that have a reading
    /// (0 when none has).</summary>
    private static long Baseline(ContractsNeeds needs, Runtime.State.IState state, Address provider, FlexibilityTerms terms, SlotId slot)
    {
        var day = ContractsModule.SlotsPerDay(needs, state);
        long sum = 0, count = 0;
        for (var k = 1; k <= terms.BaselineDays; k++)
        {
            if (Value(ContractsModule.Metered(needs, state, provider, terms.Zone, new SlotId(slot.Index - (k * day))), terms.Direction) is not { } v) continue;
            sum = checked(sum + v);
            count++;
        }

        return count == 0 ? 0 : sum / count;
    }

    private static long? Value((long Imported, long Exported)? metered, FlexDirection direction) =>
        metered is { } m ? (direction == FlexDirection.Consumption ? m.Imported : m.Exported) : null;
}
