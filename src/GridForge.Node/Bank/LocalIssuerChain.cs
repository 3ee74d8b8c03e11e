using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Signing;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Bank;

/// <summary>An <see cref="IIssuerChain"/> over a <see cref="ChainNode"/> in the same process (tests, embedded use). While
/// waiting it calls <paramref name="produceBlock"/> when given (a test's manual block production), else polls.</summary>
public sealed class LocalIssuerChain(ChainNode node, SigningKey issuerKey, Action? produceBlock = null) : IIssuerChain
{
    private readonly NonceTrackingSigner _signer = NonceTrackingSigner.Local(account => AuthQueries.NextNonce(node.State, account));

    public Address Issuer => issuerKey.Address;

    public Task<string> ChainIdAsync(CancellationToken ct = default) => Task.FromResult(node.ChainId);

    public Task<Hash32> GenesisHashAsync(CancellationToken ct = default) => Task.FromResult(node.GenesisHash);

    public Task<long> LatestTimeAsync(CancellationToken ct = default) => Task.FromResult(node.Head?.Time ?? node.GenesisTime);

    public Task<DepositRecord?> FindDepositAsync(string reference, CancellationToken ct = default) =>
        Task.FromResult(StablecoinQueries.Deposit(node.State, Issuer, reference));

    public Task<IReadOnlyList<RedemptionRecord>> PendingRedemptionsAsync(CancellationToken ct = default)
    {
        using var view = node.OpenView();
        return Task.FromResult(StablecoinQueries.PendingRedemptions(view, Issuer));
    }

    public Task<(string? TxHash, string? RefusalCode, string? RefusalMessage)> SubmitAsync(IMessage message, CancellationToken ct = default)
    {
        var state = node.State;
        var fee = (ulong)TokensModule.MinFee.Get(state);
        var tx = _signer.Sign(issuerKey, node.ChainId, fee, node.Height + 1_000, message);
        var result = node.Submit(tx);
        if (!result.Accepted) _signer.Forget(Issuer);
        return Task.FromResult(result.Accepted
            ? (tx.Id.ToString(), (string?)null, (string?)null)
            : ((string?)null, result.Rejection!.Code, result.Rejection.Message));
    }

    public async Task<ChainOutcome> WaitAsync(string txHash, CancellationToken ct = default)
    {
        var id = Hash32.Parse(txHash);
        for (var i = 0; i < 1_200; i++)
        {
            var status = node.GetTxStatus(id);
            if (status.State == TxStatus.CommittedState) return new ChainOutcome(txHash, status.Committed!.Height, status.Committed.Code,
                status.Committed.Message);
            if (status.State == TxStatus.Rejected)
            {
                _signer.Forget(Issuer);
                return new ChainOutcome(txHash, null, status.Rejection!.Code, status.Rejection.Message);
            }

            if (produceBlock is not null) produceBlock();
            else await Task.Delay(50, ct).ConfigureAwait(false);
        }

        throw new TimeoutException($"transaction {txHash} was not committed in time");
    }
}
