using System.Collections.Concurrent;
using GridForge.Consensus.Signing;
using GridForge.Core.Primitives;

namespace GridForge.Network.Consensus;

/// <summary>The consensus signature rule with a bounded memory, shared by the links (which check a vote or proposal before
/// relaying it) and the core (which checks what it counts): each signed message is verified with Ed25519 once per node.
/// Thread-safe; the answer is always the rule's own.</summary>
public sealed class VerdictCache(int capacity = 65_536) : ISignatureVerifier
{
    private readonly ConcurrentDictionary<(Address, Hash32), (byte[] Signature, bool Valid)> _seen = new();
    private readonly ConcurrentQueue<(Address, Hash32)> _order = new();
    private long _checks;

    /// <summary>Ed25519 verifications actually run.</summary>
    public long Checks => Interlocked.Read(ref _checks);

    public bool Verify(Address signer, in Hash32 signBytes, ReadOnlySpan<byte> signature)
    {
        var key = (signer, signBytes);
        if (_seen.TryGetValue(key, out var known) && signature.SequenceEqual(known.Signature)) return known.Valid;
        Interlocked.Increment(ref _checks);
        var valid = Ed25519Verifier.Instance.Verify(signer, signBytes, signature);
        if (_seen.TryAdd(key, (signature.ToArray(), valid)))
        {
            _order.Enqueue(key);
            while (_order.Count > capacity && _order.TryDequeue(out var old)) _seen.TryRemove(old, out _);
        }

        return valid;
    }
}
