using GridForge.Core.Primitives;
using GridForge.Node.Bank;

namespace GridForge.Node.Tests.Stablecoin;

/// <summary>A bank that refuses payouts (as if its reserves ran short) while <see cref="Refusing"/> is set.</summary>
internal sealed class RefusingBank(IBankAdapter inner) : IBankAdapter
{
    public bool Refusing { get; set; }

    public Task<IReadOnlyList<BankDeposit>> UnmintedDepositsAsync(Address issuer, CancellationToken ct = default) => inner.UnmintedDepositsAsync(issuer, ct);

    public Task MarkDepositMintedAsync(Address issuer, string depositReference, string chainReference, CancellationToken ct = default) =>
        inner.MarkDepositMintedAsync(issuer, depositReference, chainReference, ct);

    public Task<BankPayout> PayOutAsync(PayoutInstruction instruction, CancellationToken ct = default) => Refusing
        ? throw new BankRefusedException(BankRefusedException.InsufficientReserves, "the reserve account is short")
        : inner.PayOutAsync(instruction, ct);

    public Task<BankPayout?> FindPayoutAsync(string key, CancellationToken ct = default) => inner.FindPayoutAsync(key, ct);

    public Task<ulong> ReserveBalanceAsync(Address issuer, CancellationToken ct = default) => inner.ReserveBalanceAsync(issuer, ct);
}
