using GridForge.Node.Bank;
using GridForge.Runtime.Modules.Stablecoin;

namespace GridForge.Node.Tests.Stablecoin;

/// <summary>Issue 6: the sandbox bank and the chain agree — every mint has exactly one deposit, every completed
/// redemption exactly one payout — and each side's own books are sound.</summary>
internal static class BankChainAgreement
{
    public static void AssertAgree(BridgeHarness h, bool settled = true)
    {
        var state = h.Node.CommittedState;
        Assert.Empty(StablecoinAudit.Violations(state));
        Assert.Empty(h.Bank.Audit());

        var deposits = h.Bank.Deposits(h.Issuer);
        var onChain = StablecoinQueries.Deposits(state, h.Issuer);
        // Every mint has exactly one deposit, for the same beneficiary and amount.
        foreach (var (reference, record) in onChain)
        {
            var deposit = Assert.Single(deposits, d => d.Reference == reference);
            Assert.Equal((deposit.Beneficiary, deposit.Amount), (record.To, record.Amount));
        }

        // A deposit marked minted was minted; once settled, every deposit was.
        foreach (var deposit in deposits.Where(d => d.MintedBy is not null || settled))
        {
            Assert.Single(onChain, m => m.Reference == deposit.Reference);
        }

        var record0 = StablecoinQueries.Issuer(state, h.Issuer)!;
        Assert.Equal(deposits.Where(d => onChain.Any(m => m.Reference == d.Reference)).Aggregate(0UL, (s, d) => s + d.Amount), record0.Minted);

        // Every payout is for a redemption, once; every paid redemption has exactly one payout, under its bank reference.
        var payouts = h.Bank.Payouts();
        Assert.Equal(payouts.Count, payouts.Select(p => p.Key).Distinct().Count());
        var redemptions = StablecoinQueries.Redemptions(state, h.Issuer);
        foreach (var payout in payouts)
        {
            var r = Assert.Single(redemptions, r => PayoutInstruction.KeyOf(h.Node.ChainId, h.Node.GenesisHash, r.Id) == payout.Key);
            Assert.Equal((r.Amount, r.PayoutReference), (payout.Amount, payout.PayoutReference));
            if (settled) Assert.Equal((RedemptionStatus.Paid, payout.BankReference), (r.Status, r.BankReference));
        }

        foreach (var r in redemptions.Where(r => r.Status == RedemptionStatus.Paid || settled))
        {
            var payout = Assert.Single(payouts, p => p.Key == PayoutInstruction.KeyOf(h.Node.ChainId, h.Node.GenesisHash, r.Id));
            if (r.Status == RedemptionStatus.Paid) Assert.Equal(payout.BankReference, r.BankReference);
        }

        // The reserve account holds the opening fiat plus deposits minus payouts.
        Assert.Equal(h.OpeningReserve + deposits.Aggregate(0UL, (s, d) => s + d.Amount) - payouts.Aggregate(0UL, (s, p) => s + p.Amount),
            h.Bank.Balance(SandboxBank.ReserveAccount(h.Issuer)));
    }
}
