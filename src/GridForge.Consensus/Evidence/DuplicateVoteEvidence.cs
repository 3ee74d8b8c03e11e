using GridForge.Consensus.Messages;
using GridForge.Consensus.Signing;
using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Evidence;

/// <summary>Proof that a validator signed two different votes (two values, or a value and nil) of one type at one
/// height and round: what no honest validator ever does. Kept in a canonical order (the nil vote, then the lower
/// value id, first) so that one offence has one encoding.</summary>
public sealed class DuplicateVoteEvidence
{
    public const int MaxEncodedSize = 2 * 160;

    private DuplicateVoteEvidence(SignedVote first, SignedVote second)
    {
        First = first;
        Second = second;
    }

    public SignedVote First { get; }

    public SignedVote Second { get; }

    public Address Validator => First.Validator;

    public ulong Height => First.Vote.Height;

    public int Round => First.Vote.Round;

    public VoteType Type => First.Vote.Type;

    /// <summary>The evidence of two votes in canonical order, or null when they are not a conflicting pair (another
    /// validator, height, round or type, or the same value). Signatures are not checked here: <see cref="Verify"/>.</summary>
    public static DuplicateVoteEvidence? Of(SignedVote a, SignedVote b)
    {
        if (a.Validator != b.Validator || a.Vote.Type != b.Vote.Type || a.Vote.Height != b.Vote.Height || a.Vote.Round != b.Vote.Round) return null;
        if (a.Vote.ValueId == b.Vote.ValueId) return null;
        return Order(a.Vote.ValueId, b.Vote.ValueId) < 0 ? new DuplicateVoteEvidence(a, b) : new DuplicateVoteEvidence(b, a);
    }

    private static int Order(Hash32? x, Hash32? y) => (x, y) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        ({ } p, { } q) => p.CompareTo(q),
    };

    /// <summary>Null when both signatures are the validator's on <paramref name="chainId"/>; otherwise why not.</summary>
    public string? Verify(string chainId, ISignatureVerifier? verifier = null)
    {
        if (!First.Verify(chainId, verifier)) return $"the first vote is not signed by {Validator} on chain '{chainId}'";
        if (!Second.Verify(chainId, verifier)) return $"the second vote is not signed by {Validator} on chain '{chainId}'";
        return null;
    }

    /// <summary>One offence: validator, height, round and type (two pieces of evidence of one offence are one).</summary>
    public (Address Validator, ulong Height, int Round, VoteType Type) Offence => (Validator, Height, Round, Type);

    private Hash32? _hash;

    /// <summary>SHA-256("gridforge evidence" 0x00 ‖ encoding), computed once (the evidence is immutable).</summary>
    public Hash32 Hash() => _hash ??= Hashing.Domain("gridforge evidence", Encode());

    public void Encode(CanonicalWriter w)
    {
        First.Encode(w);
        Second.Encode(w);
    }

    public byte[] Encode()
    {
        var w = new CanonicalWriter(MaxEncodedSize);
        Encode(w);
        return w.ToArray();
    }

    /// <summary>Decodes evidence, refusing bytes that are not a conflicting pair in canonical order (error in
    /// <paramref name="error"/>).</summary>
    public static DuplicateVoteEvidence? Decode(ReadOnlySpan<byte> bytes, out string? error)
    {
        var r = new CanonicalReader(bytes);
        var a = SignedVote.Decode(ref r);
        var b = SignedVote.Decode(ref r);
        r.End("evidence");
        if (!r.Ok)
        {
            error = $"malformed evidence: {r.Error}";
            return null;
        }

        var evidence = Of(a, b);
        if (evidence is null || !ReferenceEquals(evidence.First, a))
        {
            error = "the evidence is not two conflicting votes of one validator, height, round and type in canonical order";
            return null;
        }

        error = null;
        return evidence;
    }

    public override string ToString() => $"{Validator.ToString()[..12]} equivocated: {First.Vote} / {Second.Vote}";
}
