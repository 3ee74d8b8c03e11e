using GridForge.Core.Primitives;

namespace GridForge.Node.Bank;

/// <summary>The issuer's bank as the issuer bridge sees it: fiat deposits to mint WATT against, payouts for
/// redemptions, and the reserve balance to attest. A real bank plugs in behind this interface; every call is
/// idempotent by its reference (the deposit reference, the payout key), so a retried call never moves money twice.</summary>
public interface IBankAdapter
{
    /// <summary>Deposits received for <paramref name="issuer"/> that are not yet marked minted, oldest first.</summary>
    Task<IReadOnlyList<BankDeposit>> UnmintedDepositsAsync(Address issuer, CancellationToken ct = default);

    /// <summary>Records that the deposit was minted on chain (by <paramref name="chainReference"/>, a transaction hash
    /// or height); a second call keeps the first record.</summary>
    Task MarkDepositMintedAsync(Address issuer, string depositReference, string chainReference, CancellationToken ct = default);

    /// <summary>Pays a redemption out of the issuer's reserves, once per <see cref="PayoutInstruction.Key"/>: a repeated
    /// call returns the payout already made. Throws <see cref="BankRefusedException"/> when the bank will not pay.</summary>
    Task<BankPayout> PayOutAsync(PayoutInstruction instruction, CancellationToken ct = default);

    /// <summary>The payout made under <paramref name="key"/>, if any.</summary>
    Task<BankPayout?> FindPayoutAsync(string key, CancellationToken ct = default);

    /// <summary>The fiat the issuer holds in reserve at this bank, in µ-units.</summary>
    Task<ulong> ReserveBalanceAsync(Address issuer, CancellationToken ct = default);
}
