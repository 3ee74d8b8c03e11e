using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Stablecoin;

namespace GridForge.Node.Bank;

/// <summary>The issuer-side service between the bank and the chain: mints each received deposit once (keyed by its
/// deposit reference on both sides) and pays each pending redemption out once (keyed by chain, genesis and redemption id on
/// both sides, <see cref="PayoutInstruction.KeyOf"/>), then confirms it on chain with the amount and payout reference it paid,
/// which the chain accepts for that redemption only. It reads only durable chain state and keeps no state of its own: every
/// pass starts by asking both sides what is already done, so a crash anywhere is recovered by simply running it again.</summary>
public sealed class IssuerBridge(IBankAdapter bank, IIssuerChain chain, SigningKey? attestor = null)
{
    /// <summary>Test hook: runs at each <see cref="BridgeStep"/> with the reference concerned; throwing is a crash there.</summary>
    internal Func<BridgeStep, string, Task>? Checkpoint { get; set; }

    private Task Step(BridgeStep step, string reference) => Checkpoint?.Invoke(step, reference) ?? Task.CompletedTask;

    /// <summary>One pass: attest (when this bridge holds the attestor key), mint the bank's unminted deposits, pay out
    /// and confirm the chain's pending redemptions.</summary>
    public async Task<BridgeReport> RunOnceAsync(CancellationToken ct = default)
    {
        var deferred = new List<string>();
        var deposits = await bank.UnmintedDepositsAsync(chain.Issuer, ct).ConfigureAwait(false);
        if (attestor is not null && deposits.Count > 0) await AttestAsync(deferred, ct).ConfigureAwait(false);
        var (minted, mintsRecovered) = await MintAsync(deposits, deferred, ct).ConfigureAwait(false);
        var (paid, payoutsRecovered) = await PayOutAsync(deferred, ct).ConfigureAwait(false);
        return new BridgeReport(minted, mintsRecovered, paid, payoutsRecovered, deferred);
    }

    private async Task AttestAsync(List<string> deferred, CancellationToken ct)
    {
        var chainId = await chain.ChainIdAsync(ct).ConfigureAwait(false);
        // Dated at the latest block, so never in the future; when that is not newer than the last attestation
        // (blocks within one second), wait for a later block.
        for (var attempt = 0; ; attempt++)
        {
            var reserves = await bank.ReserveBalanceAsync(chain.Issuer, ct).ConfigureAwait(false);
            var asOf = await chain.LatestTimeAsync(ct).ConfigureAwait(false);
            var signature = ReserveAttestation.Sign(attestor!, chainId, chain.Issuer, reserves, asOf);
            var outcome = await SendAsync(new AttestMessage(chain.Issuer, new Amount(reserves), asOf, signature), null, ct).ConfigureAwait(false);
            if (outcome.Succeeded) return;
            if (outcome.Code != StablecoinCodes.AttestationStale || attempt == 4)
            {
                deferred.Add($"attestation of {reserves} µ: {outcome.Code}: {outcome.Message}");
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }
    }

    private async Task<(int Minted, int Recovered)> MintAsync(IReadOnlyList<BankDeposit> deposits, List<string> deferred, CancellationToken ct)
    {
        int minted = 0, recovered = 0;
        foreach (var deposit in deposits)
        {
            var record = await chain.FindDepositAsync(deposit.Reference, ct).ConfigureAwait(false);
            if (record is null)
            {
                var outcome = await SendAsync(new MintMessage(deposit.Beneficiary, new Amount(deposit.Amount), deposit.Reference),
                    (BridgeStep.MintSubmitted, deposit.Reference), ct).ConfigureAwait(false);
                // deposit_reused means an earlier pass's mint landed meanwhile: the record below says so.
                if (!outcome.Succeeded && outcome.Code != StablecoinCodes.DepositReused)
                {
                    deferred.Add($"deposit {deposit.Reference}: {outcome.Code}: {outcome.Message}");
                    continue;
                }

                record = await chain.FindDepositAsync(deposit.Reference, ct).ConfigureAwait(false);
                if (outcome.Succeeded) minted++;
                else recovered++;
                await Step(BridgeStep.MintCommitted, deposit.Reference).ConfigureAwait(false);
            }
            else
            {
                recovered++;
            }

            if (record is null || record.To != deposit.Beneficiary || record.Amount != deposit.Amount)
            {
                deferred.Add($"deposit {deposit.Reference}: the chain's mint under this reference does not match the bank's deposit; left for a person");
                continue;
            }

            await bank.MarkDepositMintedAsync(chain.Issuer, deposit.Reference, $"height {record.Height}", ct).ConfigureAwait(false);
        }

        return (minted, recovered);
    }

    private async Task<(int Paid, int Recovered)> PayOutAsync(List<string> deferred, CancellationToken ct)
    {
        int paid = 0, recovered = 0;
        var chainId = await chain.ChainIdAsync(ct).ConfigureAwait(false);
        var genesis = await chain.GenesisHashAsync(ct).ConfigureAwait(false);
        // Only durable redemptions are listed: one a crash could still take back never reaches the bank.
        foreach (var redemption in await chain.PendingRedemptionsAsync(ct).ConfigureAwait(false))
        {
            var instruction = new PayoutInstruction(PayoutInstruction.KeyOf(chainId, genesis, redemption.Id), chain.Issuer, redemption.Amount,
                redemption.PayoutReference);
            var payout = await bank.FindPayoutAsync(instruction.Key, ct).ConfigureAwait(false);
            if (payout is null)
            {
                try
                {
                    payout = await bank.PayOutAsync(instruction, ct).ConfigureAwait(false);
                }
                catch (BankRefusedException e)
                {
                    deferred.Add($"redemption {redemption.Id}: the bank refused: {e.Code}: {e.Message}");
                    continue;
                }

                paid++;
                await Step(BridgeStep.PayoutMade, instruction.Key).ConfigureAwait(false);
            }
            else
            {
                recovered++;
            }

            // A payout under this key for other details is not this redemption's: never confirm it for it.
            if (!instruction.IsMadeBy(payout))
            {
                deferred.Add($"redemption {redemption.Id}: the bank's payout {payout.BankReference} under {instruction.Key} is {payout.Amount} µ to " +
                    $"'{payout.PayoutReference}', "
                    + $"not {redemption.Amount} µ to '{redemption.PayoutReference}'; left for a person");
                continue;
            }

            var outcome = await SendAsync(new ConfirmPayoutMessage(redemption.Id, payout.BankReference, new Amount(payout.Amount), payout.PayoutReference),
                (BridgeStep.PayoutConfirmSubmitted, instruction.Key), ct).ConfigureAwait(false);
            if (!outcome.Succeeded && outcome.Code != StablecoinCodes.RedemptionAlreadyPaid)
            {
                deferred.Add($"redemption {redemption.Id}: paid out as {payout.BankReference} but not confirmed: {outcome.Code}: {outcome.Message}");
            }
        }

        return (paid, recovered);
    }

    private async Task<ChainOutcome> SendAsync(Runtime.Transactions.IMessage message, (BridgeStep Step, string Reference)? afterSubmit, CancellationToken ct)
    {
        var (hash, code, text) = await chain.SubmitAsync(message, ct).ConfigureAwait(false);
        if (hash is null) return new ChainOutcome(string.Empty, null, code, $"not admitted: {text}");
        if (afterSubmit is { } s) await Step(s.Step, s.Reference).ConfigureAwait(false);
        return await chain.WaitAsync(hash, ct).ConfigureAwait(false);
    }
}
