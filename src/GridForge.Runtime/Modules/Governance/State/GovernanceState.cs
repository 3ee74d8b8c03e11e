using System.Buffers.Binary;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Governance;

/// <summary>The governance module's slice of state (prefix <c>gov/</c>): proposals, votes, and the lists of proposals in
/// voting and awaiting enactment that the end-of-block hook walks.</summary>
internal static class GovernanceState
{
    private static readonly StateKey NextIdKey = StateKey.Of("gov/next_id");
    private static readonly StateKey VotingKey = StateKey.Of("gov/voting");
    private static readonly StateKey PendingKey = StateKey.Of("gov/pending");

    private static byte[] Id(ulong id)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, id);
        return b;
    }

    private static StateKey ProposalKey(ulong id) => StateKey.Of("gov/proposal/", Id(id));

    private static StateKey VotersKey(ulong id) => StateKey.Of("gov/voters/", Id(id));

    private static StateKey VoteKey(ulong id, Address voter) => StateKey.Of("gov/vote/", [.. Id(id), .. voter.ToBytes()]);

    /// <summary>The id the next proposal gets (ids start at 1).</summary>
    public static ulong NextId(IState state) => state.Get(NextIdKey) is { } raw ? BinaryPrimitives.ReadUInt64LittleEndian(raw) : 1;

    public static void SetNextId(IState state, ulong id)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, id);
        state.Set(NextIdKey, b);
    }

    public static Proposal? Get(IState state, ulong id) => state.Get(ProposalKey(id)) is { } raw ? Proposal.Decode(raw) : null;

    public static void Set(IState state, Proposal proposal) => state.Set(ProposalKey(proposal.Id), proposal.Encode());

    public static VoteChoice? Vote(IState state, ulong id, Address voter) => state.Get(VoteKey(id, voter)) is { } raw ? (VoteChoice)raw[0] : null;

    public static void SetVote(IState state, ulong id, Address voter, VoteChoice choice)
    {
        state.Set(VoteKey(id, voter), [(byte)choice]);
        AddressSet.Add(state, VotersKey(id), voter);
    }

    /// <summary>Everyone who voted on a proposal still in voting, in address order.</summary>
    public static IReadOnlyList<Address> Voters(IState state, ulong id) => AddressSet.Get(state, VotersKey(id));

    /// <summary>Forgets the individual votes once the tally is stored in the proposal.</summary>
    public static void ClearVotes(IState state, ulong id)
    {
        foreach (var voter in Voters(state, id)) state.Delete(VoteKey(id, voter));
        state.Delete(VotersKey(id));
    }

    /// <summary>The ids of proposals in voting, ascending.</summary>
    public static IReadOnlyList<ulong> InVoting(IState state) => Ids(state.Get(VotingKey));

    public static void SetInVoting(IState state, IReadOnlyCollection<ulong> ids) => SetIds(state, VotingKey, ids);

    /// <summary>The ids of passed proposals not yet enacted, ascending.</summary>
    public static IReadOnlyList<ulong> AwaitingEnactment(IState state) => Ids(state.Get(PendingKey));

    public static void SetAwaitingEnactment(IState state, IReadOnlyCollection<ulong> ids) => SetIds(state, PendingKey, ids);

    private static List<ulong> Ids(byte[]? raw)
    {
        if (raw is null) return [];
        var r = new CanonicalReader(raw);
        var count = r.U32("count");
        var ids = new List<ulong>((int)Math.Min(count, 100_000));
        for (var i = 0; i < count && r.Ok; i++) ids.Add(r.U64("id"));
        r.End("proposal ids");
        return r.Ok ? ids : throw new InvalidOperationException($"corrupt proposal id list: {r.Error}");
    }

    private static void SetIds(IState state, StateKey key, IReadOnlyCollection<ulong> ids)
    {
        if (ids.Count == 0)
        {
            state.Delete(key);
            return;
        }

        var w = new CanonicalWriter(4 + (ids.Count * 8));
        w.U32((uint)ids.Count);
        foreach (var id in ids.Order()) w.U64(id);
        state.Set(key, w.ToArray());
    }
}
