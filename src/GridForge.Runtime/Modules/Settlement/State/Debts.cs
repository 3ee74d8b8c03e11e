using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>One debt: what a debtor owes one creditor (<see cref="Address.None"/>: the balancing account, for imbalance penalties).</summary>
public readonly record struct DebtEntry(Address Creditor, ulong Amount);

/// <summary>What accounts owe and could not pay when it fell due: an imbalance penalty (to the balancing account) or a PPA
/// period's netted payment (to the other party). One key per debtor, <c>settlement/debt/{debtor}</c>: its debts, the balancing
/// account's first, then creditors in address order. A debt blocks its debtor from selling — and one owed to another account
/// also from buying — until it is paid with <c>settlement.pay_debt</c>. A debtor's total saturates at 2^64 − 1 µWATT, more than
/// all WATT that can exist (balances and the supply are 64-bit), so adding to a debt can never overflow.</summary>
internal static class Debts
{
    private const int MaxCreditors = 1 << 16;

    private static StateKey Key(Address debtor) => StateKey.Of("settlement/debt/", debtor.ToBytes());

    /// <summary>The debtor's debts, the balancing account's first, then by creditor address.</summary>
    public static IReadOnlyList<DebtEntry> Of(IState state, Address debtor)
    {
        if (state.Get(Key(debtor)) is not { } raw) return [];
        var r = new CanonicalReader(raw);
        var n = r.U32("creditors");
        if (n > MaxCreditors) throw new InvalidOperationException($"corrupt debts of {debtor}: {n} creditors");
        var list = new List<DebtEntry>((int)n);
        for (var i = 0; i < n && r.Ok; i++) list.Add(new DebtEntry(r.Address("creditor"), r.U64("amount")));
        r.End("debts");
        return r.Ok ? list : throw new InvalidOperationException($"corrupt debts of {debtor}: {r.Error}");
    }

    /// <summary>Everything the debtor owes, in µWATT.</summary>
    public static ulong Total(IState state, Address debtor) => Sum(Of(state, debtor), _ => true);

    /// <summary>What the debtor owes the balancing account (unpaid imbalance penalties).</summary>
    public static ulong ToBalancing(IState state, Address debtor) => Sum(Of(state, debtor), c => c == Address.None);

    /// <summary>What the debtor owes other accounts (unpaid contract payments).</summary>
    public static ulong ToAccounts(IState state, Address debtor) => Sum(Of(state, debtor), c => c != Address.None);

    private static ulong Sum(IReadOnlyList<DebtEntry> debts, Func<Address, bool> which)
    {
        ulong total = 0;
        // Entries never add up beyond 2^64 − 1 (Add saturates the total), so this cannot overflow.
        foreach (var d in debts) if (which(d.Creditor)) total += d.Amount;
        return total;
    }

    /// <summary>Adds <paramref name="amount"/> to what <paramref name="debtor"/> owes <paramref name="creditor"/>, as far as the
    /// debtor's total stays within 2^64 − 1 µWATT and it owes at most 65,536 creditors (a new creditor beyond them gets nothing
    /// recorded: the debts key stays readable, so the debtor stays blocked and can pay); returns what was added.</summary>
    internal static ulong Add(IState state, Address debtor, Address creditor, UInt128 amount)
    {
        var debts = Of(state, debtor).ToList();
        var room = ulong.MaxValue - Sum(debts, _ => true);
        var added = (ulong)UInt128.Min(amount, room);
        if (added == 0) return 0;
        var i = debts.FindIndex(d => d.Creditor == creditor);
        if (i >= 0) debts[i] = debts[i] with { Amount = debts[i].Amount + added };
        else if (debts.Count >= MaxCreditors) return 0; // a debtor owes at most 65,536 creditors; what is beyond stays unpaid
        else debts.Add(new DebtEntry(creditor, added));
        Set(state, debtor, debts);
        return added;
    }

    /// <summary>Stores the debtor's debts (those left above zero), in the canonical order.</summary>
    internal static void Set(IState state, Address debtor, IEnumerable<DebtEntry> debts)
    {
        var kept = debts.Where(d => d.Amount > 0).OrderBy(d => d.Creditor == Address.None ? 0 : 1).ThenBy(d => d.Creditor).ToList();
        if (kept.Count == 0)
        {
            state.Delete(Key(debtor));
            return;
        }

        var w = new CanonicalWriter(4 + (kept.Count * (Address.Size + 8)));
        w.U32((uint)kept.Count);
        foreach (var d in kept) w.Address(d.Creditor).U64(d.Amount);
        state.Set(Key(debtor), w.ToArray());
    }
}
