using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Signing;

/// <summary>Signs transactions for accounts whose keys this process holds (the demo, the dev community, an issuer's
/// bridge), counting each account's nonce on locally so that one account may have several transactions waiting for the
/// same block. An account's first nonce is read from the chain through <paramref name="readNextNonce"/>; after a refusal
/// (<see cref="Forget"/>) it is read again, so a transaction that never got in leaves no gap behind it.</summary>
/// <remarks>One caller at a time: the demo, the community's rounds and a bridge's pass each sign in sequence. The
/// gateway of meters over MQTT keeps its own nonces, because they are tied to its durable queue of batches.</remarks>
public sealed class NonceTrackingSigner(Func<Address, CancellationToken, ValueTask<ulong>> readNextNonce)
{
    private readonly Dictionary<Address, ulong> _next = [];

    /// <summary>A signer over a state in this process (the chain's next nonce is a read, never a wait).</summary>
    public static NonceTrackingSigner Local(Func<Address, ulong> readNextNonce) =>
        new((account, _) => ValueTask.FromResult(readNextNonce(account)));

    /// <summary>Signs <paramref name="message"/> at <paramref name="key"/>'s next nonce and counts that nonce as taken.</summary>
    public async ValueTask<Transaction> SignAsync(SigningKey key, string chainId, ulong fee, ulong expiryHeight, IMessage message,
        CancellationToken ct = default)
    {
        var account = key.Address;
        if (!_next.TryGetValue(account, out var nonce))
        {
            nonce = await readNextNonce(account, ct).ConfigureAwait(false);
        }

        var tx = Transaction.Sign(key, chainId, nonce, fee, expiryHeight, message);
        _next[account] = checked(nonce + 1);
        return tx;
    }

    /// <summary><see cref="SignAsync"/> for a signer made by <see cref="Local"/>.</summary>
    public Transaction Sign(SigningKey key, string chainId, ulong fee, ulong expiryHeight, IMessage message)
    {
        var signing = SignAsync(key, chainId, fee, expiryHeight, message);
        return signing.IsCompletedSuccessfully
            ? signing.Result
            : throw new InvalidOperationException("this signer reads nonces asynchronously: use SignAsync");
    }

    /// <summary>A transaction of <paramref name="account"/> was refused or dropped: its next nonce is read from the chain
    /// again.</summary>
    public void Forget(Address account) => _next.Remove(account);

    /// <summary>Forgets every account (a new round: what the chain says is the truth again).</summary>
    public void ForgetAll() => _next.Clear();
}
