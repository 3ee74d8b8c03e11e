using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Tests.Chaos;

/// <summary>Every reserved µ-unit of every account is accounted for by what holds it: resting orders and unsettled trades
/// (market), activated flexibility slots (contracts), holds and bonds (disputes), deposits of proposals in voting
/// (governance), bonds and access bonds (staking). Reserved money nothing accounts for is locked for good; accounted money
/// that is not reserved can be spent twice.</summary>
internal static class EscrowAudit
{
    /// <summary>Each account's and token's reserved balance that the records say it should have, in µ-units.</summary>
    public static Dictionary<(Address Account, Token Token), UInt128> Expected(StateStore state)
    {
        var expected = new Dictionary<(Address, Token), UInt128>();
        void Add(Address a, Token t, ulong amount)
        {
            if (amount > 0) expected[(a, t)] = expected.GetValueOrDefault((a, t)) + amount;
        }

        var bookSlots = new HashSet<long>(MarketStore.OpenSlots(state).Concat(MarketStore.StalledSlots(state)));
        foreach (var (key, raw) in state.Scan(System.Text.Encoding.ASCII.GetBytes(MarketStore.SlotPrefix)))
        {
            var slot = new SlotId((long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(key.Span[^8..]));
            var book = MarketStore.Book(state, slot)!;
            if (bookSlots.Contains(slot.Index)) foreach (var o in MarketStore.Resting(state, book)) Add(o.Owner, Token.Watt, o.Escrow);
            foreach (var t in MarketStore.Trades(state, slot))
            {
                if (SettlementStore.Result(state, slot, t.Seq) is not null) continue;
                Add(t.Buyer, Token.Watt, t.BuyerEscrow);
                Add(t.Seller, Token.Watt, t.SellerEscrow);
            }
        }

        foreach (var (key, raw) in state.Scan(System.Text.Encoding.ASCII.GetBytes(ContractStore.FlexSlotPrefix)))
        {
            var id = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(key.Span[^16..^8]);
            if (FlexSlotRecord.Decode(raw) is { Verified: false } f) Add(ContractStore.Contract(state, id)!.Creator, Token.Watt, f.Escrow);
        }

        for (ulong id = 1; id < DisputesStore.NextId(state); id++)
        {
            if (DisputesStore.Get(state, id) is not { IsOpen: true } d) continue;
            Add(d.Respondent, Token.Watt, d.Held);
            Add(d.Opener, d.BondToken, d.Bond);
        }

        foreach (var id in GovernanceState.InVoting(state))
        {
            var p = GovernanceState.Get(state, id)!;
            Add(p.Proposer, Token.Grid, p.Deposit);
        }

        foreach (var (key, raw) in state.Scan("staking/ledger/"u8))
        {
            Add(new Address(key.Span[^Address.Size..]), Token.Grid, StakingLedger.Decode(raw).Total);
        }

        foreach (var (key, raw) in state.Scan("staking/access_roles/"u8))
        {
            var account = new Address(key.Span[^Address.Size..]);
            foreach (var role in StakingState.AccessRolesOf(state, account)) Add(account, Token.Grid, StakingState.Access(state, role, account)!.Amount);
        }

        return expected;
    }

    /// <summary>Every account's reserved balances equal what <see cref="Expected"/> accounts for.</summary>
    public static void AssertAccounted(StateStore state, string when)
    {
        var expected = Expected(state);
        var actual = new Dictionary<(Address, Token), UInt128>();
        foreach (var token in new[] { Token.Grid, Token.Watt })
        {
            var prefix = TokensModule.BalanceKey(Address.None, token).Bytes[..^Address.Size];
            foreach (var (key, raw) in state.Scan(prefix))
            {
                var reserved = Balance.Decode(raw).Reserved;
                if (reserved > 0) actual[(new Address(key.Span[^Address.Size..]), token)] = reserved;
            }
        }

        foreach (var k in expected.Keys.Union(actual.Keys))
        {
            Assert.True(expected.GetValueOrDefault(k) == actual.GetValueOrDefault(k),
                $"{when}: {k.Item1} holds {actual.GetValueOrDefault(k)} µ{k.Item2.Name()} reserved but its records account for " +
                $"{expected.GetValueOrDefault(k)}");
        }
    }
}
