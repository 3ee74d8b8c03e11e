using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Contracts;

/// <content>The end of every block: each live contract, in id order and on an overlay of its own, lapses, acts in its due slots,
/// settles, or ends; one that fails is suspended (DESIGN §3: end-of-block work item by item, never an exception out of a block).</content>
public sealed partial class ContractsModule
{
    public void EndBlock(TxContext context)
    {
        var state = context.State;
        var live = ContractStore.Live(state);
        if (live.Count == 0) return;
        var keep = new List<long>(live.Count);
        foreach (var id in live)
        {
            var stillLive = false;
            var failed = context.RunIsolated(new WorkItem("contract", id), inner =>
            {
                var c = ContractStore.Contract(inner.State, (ulong)id) ?? throw new InvalidOperationException($"live contract {id} is not stored");
                // The end of a block moves only these; the record is written back when one moved.
                var before = (c.NextSlot, c.NextSettle, c.Status, c.HistoryCount);
                stillLive = Step(inner, c);
                if (before != (c.NextSlot, c.NextSettle, c.Status, c.HistoryCount)) ContractStore.Set(inner.State, c);
            });
            if (failed is not null) Suspend(context, (ulong)id, failed);
            else if (stillLive) keep.Add(id);
        }

        if (keep.Count != live.Count) ContractStore.SetLive(state, keep);
    }

    /// <summary>A contract whose step failed (its changes of this block dropped) stops for good: status <c>suspended</c>, the escrow
    /// it holds for slots not yet verified (flexibility) returned, and the failure in its history. Its trades already in the book
    /// settle as any trade; periods not yet settled are not. When even that bookkeeping fails, the contract is still dropped from
    /// the live list and the event says so.</summary>
    private static void Suspend(TxContext context, ulong id, Rejection failed)
    {
        var suspended = context.RunIsolated(new WorkItem("suspension of contract", (long)id), inner =>
        {
            var c = ContractStore.Contract(inner.State, id) ?? throw new InvalidOperationException($"live contract {id} is not stored");
            var released = c.Template == ContractTemplate.Flexibility ? FlexRunner.ReleaseUnverified(inner, c) : 0;
            c.Status = ContractStatus.Suspended;
            Emit(inner, c, new ContractSuspended(c.Id, failed.Code, failed.Message, Released: released));
            ContractStore.Set(inner.State, c);
        });
        if (suspended is not null)
        {
            context.Emit(new ContractSuspended(id, failed.Code, failed.Message, Record: $"not updated: {suspended.Code}"));
        }
    }

    /// <returns>Whether the contract is still live.</returns>
    private static bool Step(TxContext context, ContractRecord c)
    {
        var needs = NeedsOf(context);
        var state = context.State;
        if (c.Status == ContractStatus.Proposed)
        {
            if (context.Block.Time < needs.Market.GateTime(state, c.Start)) return true;
            c.Status = ContractStatus.Lapsed;
            Emit(context, c, new ContractLapsed(c.Id, c.Start));
            return false;
        }

        ActInDueSlots(context, c);
        var settled = c.Template switch
        {
            ContractTemplate.Ppa => PpaRunner.Settle(context, c),
            ContractTemplate.Flexibility => FlexRunner.Settle(context, c),
            _ => true,
        };
        if (c.NextSlot <= c.LastSlot || !settled) return true;
        c.Status = c.TerminatedBy != Address.None ? ContractStatus.Terminated : ContractStatus.Ended;
        Emit(context, c, new ContractEnded(c.Id, c.Status, LastSlot: c.LastSlot));
        return false;
    }

    /// <summary>Acts in every slot whose run time has come; slots whose gate closed before a block came are missed (one event).</summary>
    private static void ActInDueSlots(TxContext context, ContractRecord c)
    {
        var needs = NeedsOf(context);
        var state = context.State;
        var time = context.Block.Time;
        while (c.NextSlot <= c.LastSlot)
        {
            var slot = new SlotId(c.NextSlot);
            if (time < RunTime(context, slot)) return;
            if (time >= needs.Market.GateTime(state, slot))
            {
                var gate = needs.Market.GateClosureSeconds(state);
                var firstOpen = (checked(time + gate) / needs.Grid.SlotLengthSeconds(state)) + 1;
                var next = Math.Min(firstOpen, c.LastSlot + 1);
                Emit(context, c, new ContractSlotsMissed(c.Id, slot, next - slot.Index));
                c.NextSlot = next;
                continue;
            }

            switch (c.Template)
            {
                case ContractTemplate.Residential: ResidentialRunner.Act(context, c, slot); break;
                case ContractTemplate.Ppa: PpaRunner.Act(context, c, slot); break;
                case ContractTemplate.Flexibility: FlexRunner.Act(context, c, slot); break;
                default: throw new InvalidOperationException($"contract {c.Id} has unknown template {c.Template}");
            }

            c.NextSlot++;
        }
    }

    /// <summary>Runs a market action for <paramref name="actor"/> in an overlay kept only when the action succeeds, so a refused
    /// action changes nothing (as a refused transaction message); an action that throws is refused the same way.</summary>
    internal static Rejection? InOverlay(TxContext context, ContractRecord c, Address actor, Func<TxContext, Rejection?> action) =>
        context.RunIsolated(new WorkItem("market action of contract", (long)c.Id), action, actor);

    /// <summary>Most Wh whose cost at <paramref name="price"/>, rounded up, fits in <paramref name="funds"/> µWATT
    /// (unbounded at a price ≤ 0).</summary>
    internal static long AffordableWh(ulong funds, PricePerKwh price)
    {
        if (price <= PricePerKwh.Zero) return long.MaxValue;
        var wh = (UInt128)funds * 1000 / (ulong)price.MicroPerKwh;
        return wh > long.MaxValue ? long.MaxValue : (long)wh;
    }

    /// <summary>Slots per day (the offset of "the same slot yesterday").</summary>
    internal static long SlotsPerDay(ContractsNeeds needs, IState state) => Math.Max(1, 86_400 / needs.Grid.SlotLengthSeconds(state));

    /// <summary>What an account's meters in a zone read in a slot (those that served it there then, moved or retired since or
    /// not): imported and exported Wh summed, or null when none of them reported it.</summary>
    internal static (long Imported, long Exported)? Metered(ContractsNeeds needs, IState state, Address owner, ZoneId zone, SlotId slot)
    {
        (long, long)? sum = null;
        foreach (var (_, r) in needs.Metering.ServedBy(state, owner, zone, slot))
        {
            var (i, e) = sum ?? (0, 0);
            sum = (checked(i + r.Imported.Value), checked(e + r.Exported.Value));
        }

        return sum;
    }
}
