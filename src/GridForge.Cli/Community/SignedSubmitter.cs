using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Node.Signing;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Community;

/// <summary>Signs transactions here, as any client does (the node never sees a key), submits them through the REST API
/// and waits for their blocks. One round at a time: <see cref="BeginAsync"/> reads the chain's status and forgets the
/// nonces; each account's next nonce is then read from the node once and counted on locally, so one account may have
/// several transactions in the same block.</summary>
internal sealed class SignedSubmitter(NodeClient client)
{
    private readonly NonceTrackingSigner _signer = client.NonceSigner();
    private readonly List<(string Hash, string What)> _pending = [];

    public StatusResponse Status { get; private set; } = null!;

    /// <summary>What went wrong this round: refusals at admission and transactions that failed in their block.</summary>
    public List<string> Failures { get; } = [];

    public async Task<StatusResponse> BeginAsync(CancellationToken ct)
    {
        Status = await client.StatusAsync(ct).ConfigureAwait(false);
        _signer.ForgetAll();
        _pending.Clear();
        Failures.Clear();
        return Status;
    }

    /// <summary>Signs <paramref name="message"/> at the account's next nonce, paying the chain's minimum fee.</summary>
    // Expires 1,000 blocks ahead, as the CLI's transactions do.
    public ValueTask<Transaction> SignAsync(SigningKey key, IMessage message, CancellationToken ct) =>
        _signer.SignAsync(key, Status.ChainId, Status.MinFee, Status.Height + 1_000, message, ct);

    /// <summary>Signs and submits; false (and a line in <see cref="Failures"/>) when the node refuses it at admission.</summary>
    public async Task<bool> SubmitAsync(SigningKey key, IMessage message, string what, CancellationToken ct)
    {
        var tx = await SignAsync(key, message, ct).ConfigureAwait(false);
        try
        {
            Track(await client.SubmitAsync(tx.Encoded, ct).ConfigureAwait(false), what);
            return true;
        }
        catch (CliException e)
        {
            Refused(key.Address, what, e.Message);
            return false;
        }
    }

    /// <summary>Waits for a transaction submitted elsewhere (the readings path) with the others of this round.</summary>
    public void Track(string hash, string what) => _pending.Add((hash, what));

    /// <summary>A transaction signed by <see cref="SignAsync"/> was not admitted: its nonce is free again.</summary>
    public void Refused(Address account, string what, string reason)
    {
        _signer.Forget(account);
        Failures.Add($"{what}: {reason}");
    }

    /// <summary>Waits until every transaction of the round is in a block; returns the committed ones that succeeded.</summary>
    public async Task<IReadOnlyList<(string What, TxStatusResponse Status)>> WaitAllAsync(CancellationToken ct)
    {
        var done = new List<(string, TxStatusResponse)>();
        foreach (var (hash, what) in _pending)
        {
            var status = await client.WaitAsync(hash, TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            if (status is { Status: "committed", Success: true }) done.Add((what, status));
            else Failures.Add($"{what}: {status.Code}: {status.Message}");
        }

        _pending.Clear();
        return done;
    }
}
