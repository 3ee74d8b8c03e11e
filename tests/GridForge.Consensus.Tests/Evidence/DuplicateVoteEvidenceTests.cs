using GridForge.Consensus.Evidence;
using GridForge.Consensus.Messages;
using GridForge.Consensus.Signing;

namespace GridForge.Consensus.Tests.Evidence;

public class DuplicateVoteEvidenceTests
{
    private static readonly TestValue A = new("A"), B = new("B");

    private static SignedVote Vote(int key, VoteType type, ulong height, int round, TestValue? value) =>
        new DoubleSignGuard(TestValidators.Key(key), new MemorySignStateStore(), TestValidators.ChainId)
            .SignVote(new Vote(type, height, round, value?.Id), LockState.None, [])!;

    [Fact]
    public void TwoVotesOfOneValidatorRoundAndType_ForDifferentValues_AreEvidence_InOneCanonicalOrder()
    {
        var a = Vote(1, VoteType.Precommit, 4, 1, A);
        var nil = Vote(1, VoteType.Precommit, 4, 1, null);
        var e1 = DuplicateVoteEvidence.Of(a, nil)!;
        var e2 = DuplicateVoteEvidence.Of(nil, a)!;
        Assert.Equal(e1.Encode(), e2.Encode());
        Assert.Same(nil, e1.First);
        Assert.Null(e1.Verify(TestValidators.ChainId));
        var decoded = DuplicateVoteEvidence.Decode(e1.Encode(), out var error)!;
        Assert.Null(error);
        Assert.Equal(e1.Hash(), decoded.Hash());
    }

    [Fact]
    public void VotesOfDifferentRoundsTypesValidatorsOrTheSameValue_AreNotEvidence()
    {
        var a = Vote(1, VoteType.Prevote, 4, 1, A);
        Assert.Null(DuplicateVoteEvidence.Of(a, Vote(1, VoteType.Prevote, 4, 2, B)));
        Assert.Null(DuplicateVoteEvidence.Of(a, Vote(1, VoteType.Precommit, 4, 1, B)));
        Assert.Null(DuplicateVoteEvidence.Of(a, Vote(2, VoteType.Prevote, 4, 1, B)));
        Assert.Null(DuplicateVoteEvidence.Of(a, Vote(1, VoteType.Prevote, 5, 1, B)));
        Assert.Null(DuplicateVoteEvidence.Of(a, Vote(1, VoteType.Prevote, 4, 1, A)));
    }

    [Fact]
    public void EvidenceWithAForgedSignature_DoesNotVerify_AndReversedOrTrailingBytes_DoNotDecode()
    {
        var a = Vote(1, VoteType.Prevote, 4, 1, A);
        var forged = a with { Vote = a.Vote with { ValueId = B.Id } };
        var e = DuplicateVoteEvidence.Of(a, forged)!;
        Assert.NotNull(e.Verify(TestValidators.ChainId));
        Assert.NotNull(e.Verify("another-chain"));

        var good = DuplicateVoteEvidence.Of(a, Vote(1, VoteType.Prevote, 4, 1, B))!;
        var reversed = new Core.Encoding.CanonicalWriter();
        good.Second.Encode(reversed);
        good.First.Encode(reversed);
        Assert.Null(DuplicateVoteEvidence.Decode(reversed.ToArray(), out _));
        Assert.Null(DuplicateVoteEvidence.Decode([.. good.Encode(), 0], out _));
    }

    [Fact]
    public void ThePool_KeepsOnePiecePerOffence_OldestFirst_AndForgetsCommittedAndExpiredOnes()
    {
        var pool = new EvidencePool();
        var late = DuplicateVoteEvidence.Of(Vote(1, VoteType.Prevote, 9, 0, A), Vote(1, VoteType.Prevote, 9, 0, B))!;
        var early = DuplicateVoteEvidence.Of(Vote(2, VoteType.Precommit, 3, 1, A), Vote(2, VoteType.Precommit, 3, 1, null))!;
        var sameOffence = DuplicateVoteEvidence.Of(Vote(2, VoteType.Precommit, 3, 1, B), Vote(2, VoteType.Precommit, 3, 1, null))!;
        Assert.True(pool.Add(late));
        Assert.True(pool.Add(early));
        Assert.False(pool.Add(sameOffence));
        Assert.Equal([early, late], pool.Pending(10));
        pool.MarkCommitted([early]);
        Assert.False(pool.Add(early));
        Assert.Equal([late], pool.Pending(10));
        pool.PruneBelow(10);
        Assert.Equal(0, pool.Count);
    }
}
