using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Bank;

/// <summary>The chain as an issuer's bridge sees it: what it minted and owes, and a way to send messages signed
/// with the issuer's key (held by the bridge, never by the node).</summary>
public interface IIssuerChain
{
    /// <summary>The issuer this bridge signs for.</summary>
    Address Issuer { get; }

    Task<string> ChainIdAsync(CancellationToken ct = default);

    /// <summary>The chain's genesis hash: with the chain id it scopes payout keys to this chain for good.</summary>
    Task<Hash32> GenesisHashAsync(CancellationToken ct = default);

    /// <summary>The latest block's time (Unix seconds): an attestation dated then is never in the future.</summary>
    Task<long> LatestTimeAsync(CancellationToken ct = default);

    /// <summary>The issuer's committed mint against <paramref name="reference"/>, if any.</summary>
    Task<DepositRecord?> FindDepositAsync(string reference, CancellationToken ct = default);

    /// <summary>The issuer's pending redemptions, in id order, as committed durably (never a block a crash could still undo).</summary>
    Task<IReadOnlyList<RedemptionRecord>> PendingRedemptionsAsync(CancellationToken ct = default);

    /// <summary>Signs <paramref name="message"/> at the issuer's next nonce and submits it; the transaction hash, or
    /// the node's refusal (nothing was admitted).</summary>
    Task<(string? TxHash, string? RefusalCode, string? RefusalMessage)> SubmitAsync(IMessage message, CancellationToken ct = default);

    /// <summary>Waits until the transaction is in a block (or refused): null code on success.</summary>
    Task<ChainOutcome> WaitAsync(string txHash, CancellationToken ct = default);
}
