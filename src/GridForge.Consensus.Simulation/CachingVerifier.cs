using GridForge.Consensus.Messages;
using GridForge.Consensus.Signing;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Simulation;

/// <summary>The consensus signature rule with a memory: every node of a simulation receives the same signed messages,
/// so each distinct (signer, bytes, signature) is checked once with Ed25519 and remembered. The answer is the rule's own.</summary>
public sealed class CachingVerifier : ISignatureVerifier
{
    // Looked up only; never iterated.
    private readonly Dictionary<(Address, Hash32), (byte[] Signature, bool Valid)> _seen = [];
    private readonly Dictionary<(string, Address, Vote), (byte[] Signature, bool Valid)> _votes = [];

    public int Checks { get; private set; }

    public bool Verify(Address signer, in Hash32 signBytes, ReadOnlySpan<byte> signature)
    {
        if (_seen.TryGetValue((signer, signBytes), out var known) && signature.SequenceEqual(known.Signature)) return known.Valid;
        Checks++;
        var valid = Ed25519Verifier.Instance.Verify(signer, signBytes, signature);
        _seen[(signer, signBytes)] = (signature.ToArray(), valid);
        return valid;
    }

    /// <summary>A vote already checked is answered without hashing its sign bytes again.</summary>
    public bool VerifyVote(SignedVote vote, string chainId)
    {
        var key = (chainId, vote.Validator, vote.Vote);
        if (_votes.TryGetValue(key, out var known) && vote.Signature.AsSpan().SequenceEqual(known.Signature)) return known.Valid;
        var valid = Verify(vote.Validator, vote.Vote.SignBytes(chainId), vote.Signature);
        _votes[key] = (vote.Signature, valid);
        return valid;
    }
}
