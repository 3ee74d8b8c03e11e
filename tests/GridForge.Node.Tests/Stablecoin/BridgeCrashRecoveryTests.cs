using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Bank;
using GridForge.Runtime.Modules.Stablecoin;

namespace GridForge.Node.Tests.Stablecoin;

/// <summary>Issue 6: a crash between the bank and the chain is recovered without a double mint or a lost payout.
/// The bridge is stopped at each step between the two sides; the bank (and, in the harder case, the node, losing
/// its mempool) restarts from disk; a fresh bridge then settles, and exactly one mint and one payout exist.</summary>
public sealed class BridgeCrashRecoveryTests : IDisposable
{
    private sealed class SimulatedCrash(string where) : Exception($"crashed at {where}");

    private readonly BridgeHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static Func<BridgeStep, string, Task> CrashAt(BridgeStep crashStep) => (step, reference) =>
        step == crashStep ? throw new SimulatedCrash($"{step} {reference}") : Task.CompletedTask;

    private async Task Setup()
    {
        _h.Bank.ReceiveDeposit(_h.Issuer, DevAccounts.AddressOf("alice"), 40_000_000, "alice-bank");
        Assert.True(_h.Send("bob", new RedeemMessage(_h.Issuer, new Amount(7_000_000), "bob-bank")).Success);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData(BridgeStep.MintSubmitted, false)]
    [InlineData(BridgeStep.MintSubmitted, true)]
    [InlineData(BridgeStep.MintCommitted, false)]
    [InlineData(BridgeStep.MintCommitted, true)]
    [InlineData(BridgeStep.PayoutMade, false)]
    [InlineData(BridgeStep.PayoutMade, true)]
    [InlineData(BridgeStep.PayoutConfirmSubmitted, false)]
    [InlineData(BridgeStep.PayoutConfirmSubmitted, true)]
    public async Task ACrashBetweenBankAndChain_IsRecoveredByTheNextPass_WithoutADoubleMintOrALostPayout(BridgeStep step, bool nodeCrashesToo)
    {
        await Setup();
        var aliceBefore = _h.Watt("alice");

        await Assert.ThrowsAsync<SimulatedCrash>(() => _h.NewBridge(CrashAt(step)).RunOnceAsync());
        _h.RestartBank();
        if (nodeCrashesToo) _h.RestartNode();
        BankChainAgreement.AssertAgree(_h, settled: false);

        var recovery = await _h.SettleAsync();

        Assert.Empty(recovery.Deferred);
        Assert.Equal(aliceBefore + 40_000_000, _h.Watt("alice"));
        Assert.Equal(40_000_000UL, StablecoinQueries.Issuer(_h.Node.State, _h.Issuer)!.Minted);
        Assert.Single(_h.Bank.Payouts());
        Assert.Equal(7_000_000UL, _h.Bank.Balance(SandboxBank.CustomerAccount("bob-bank")));
        Assert.Equal(RedemptionStatus.Paid, StablecoinQueries.Redemption(_h.Node.State, 1)!.Status);
        BankChainAgreement.AssertAgree(_h);
    }

    [Fact]
    public async Task ACrashInsideTheBanksPayout_MovesNoMoney_AndTheNextPassPaysOnce()
    {
        await Setup();
        _h.Bank.InsidePayout = key => throw new SimulatedCrash("inside the payout of " + key);

        await Assert.ThrowsAsync<SimulatedCrash>(() => _h.NewBridge().RunOnceAsync());
        _h.RestartBank();

        Assert.Empty(_h.Bank.Payouts());
        Assert.Equal(0UL, _h.Bank.Balance(SandboxBank.CustomerAccount("bob-bank")));
        BankChainAgreement.AssertAgree(_h, settled: false);
        await _h.SettleAsync();
        Assert.Single(_h.Bank.Payouts());
        BankChainAgreement.AssertAgree(_h);
    }

    [Fact]
    public async Task TwoBridgesRacing_StillMintOnceAndPayOnce()
    {
        await Setup();

        // The second bridge starts while the first has a mint in the mempool and a payout not yet confirmed.
        var first = _h.NewBridge(async (step, _) =>
        {
            if (step is BridgeStep.MintSubmitted or BridgeStep.PayoutMade) await _h.NewBridge().RunOnceAsync();
        });
        await first.RunOnceAsync();
        await _h.SettleAsync();

        Assert.Equal(40_000_000UL, StablecoinQueries.Issuer(_h.Node.State, _h.Issuer)!.Minted);
        Assert.Single(_h.Bank.Payouts());
        BankChainAgreement.AssertAgree(_h);
    }

    [Fact]
    public async Task APayoutRetriedWithTheSameKey_ReturnsTheFirstPayout_AndOtherDetailsAreAConflict()
    {
        await Setup();
        var key = PayoutInstruction.KeyOf(_h.Node.ChainId, _h.Node.GenesisHash, 1);
        var first = await _h.Bank.PayOutAsync(new PayoutInstruction(key, _h.Issuer, 7_000_000, "bob-bank"));

        Assert.Equal(first, await _h.Bank.PayOutAsync(new PayoutInstruction(key, _h.Issuer, 7_000_000, "bob-bank")));
        var conflict = await Assert.ThrowsAsync<BankRefusedException>(() => _h.Bank.PayOutAsync(new PayoutInstruction(key, _h.Issuer, 8_000_000, "bob-bank")));
        Assert.Equal(BankRefusedException.Conflict, conflict.Code);
        Assert.Single(_h.Bank.Payouts());
    }

    [Fact]
    public async Task ARedemptionWhoseBlockIsNotYetDurable_IsNeverPaid_AndAfterTheNodeCrashesItsIdGoesToANewRedemptionPaidExactlyOnce()
    {
        // Issue 13, item 2: the bridge used to list pending redemptions from a block not yet written, pay them, and after a crash
        // confirm that payout for the next redemption to get the same id: its holder's WATT burned and nobody paid.
        var bob = DevAccounts.Key("bob");
        var tx = Runtime.Transactions.Transaction.Sign(bob, _h.Node.ChainId, Runtime.Modules.Auth.AuthModule.NextNonce(_h.Node.State, bob.Address), 100,
            _h.Node.Height + 100, new RedeemMessage(_h.Issuer, new Amount(7_000_000), "bob-bank"));
        Assert.True(_h.Node.Submit(tx).Accepted);
        var bobWatt = _h.Watt("bob");
        BridgeReport? during = null;
        _h.Node.BeforeCommit = _ =>
        {
            during = _h.NewBridge().RunOnceAsync().GetAwaiter().GetResult();
            throw new SimulatedCrash("the node, before the block with bob's redemption was written");
        };
        Assert.Throws<SimulatedCrash>(() => _h.Produce());
        _h.Node.BeforeCommit = null;

        Assert.Equal(0, during!.PaidOut);
        Assert.Empty(_h.Bank.Payouts());
        _h.RestartNode();
        Assert.Equal(bobWatt, _h.Watt("bob"));

        // After the crash charlie's redemption is the chain's redemption 1.
        Assert.True(_h.Send("charlie", new RedeemMessage(_h.Issuer, new Amount(3_000_000), "charlie-bank")).Success);
        Assert.Equal("charlie-bank", StablecoinQueries.Redemption(_h.Node.State, 1)!.PayoutReference);
        var report = await _h.SettleAsync();

        Assert.Empty(report.Deferred);
        var payout = Assert.Single(_h.Bank.Payouts());
        Assert.Equal((3_000_000UL, "charlie-bank"), (payout.Amount, payout.PayoutReference));
        Assert.Equal(3_000_000UL, _h.Bank.Balance(SandboxBank.CustomerAccount("charlie-bank")));
        Assert.Equal(0UL, _h.Bank.Balance(SandboxBank.CustomerAccount("bob-bank")));
        Assert.Equal(RedemptionStatus.Paid, StablecoinQueries.Redemption(_h.Node.State, 1)!.Status);
        BankChainAgreement.AssertAgree(_h);
    }

    [Fact]
    public async Task APayoutUnderTheKeyForOtherDetails_IsNeverConfirmedForTheRedemption_ButLeftForAPerson()
    {
        await Setup();
        var key = PayoutInstruction.KeyOf(_h.Node.ChainId, _h.Node.GenesisHash, 1);
        var bank = new MisremberingBank(_h.Bank, new BankPayout(key, "PAY-OTHER", _h.Issuer, 9_000_000, "someone-else", 0));
        var bridge = new IssuerBridge(bank, new LocalIssuerChain(_h.Node, BridgeHarness.IssuerKey, _h.Produce), BridgeHarness.IssuerKey);

        var report = await bridge.RunOnceAsync();

        Assert.Contains(report.Deferred, d => d.Contains("left for a person", StringComparison.Ordinal));
        Assert.Equal(RedemptionStatus.Pending, StablecoinQueries.Redemption(_h.Node.State, 1)!.Status);
    }

    /// <summary>A bank that reports, under one key, a payout made for other details (a key reused by a chain started anew).</summary>
    private sealed class MisremberingBank(IBankAdapter inner, BankPayout other) : IBankAdapter
    {
        public Task<IReadOnlyList<BankDeposit>> UnmintedDepositsAsync(Core.Primitives.Address issuer, CancellationToken ct = default) =>
            inner.UnmintedDepositsAsync(issuer, ct);

        public Task MarkDepositMintedAsync(Core.Primitives.Address issuer, string depositReference, string chainReference, CancellationToken ct = default) =>
            inner.MarkDepositMintedAsync(issuer, depositReference, chainReference, ct);

        public Task<BankPayout> PayOutAsync(PayoutInstruction instruction, CancellationToken ct = default) => inner.PayOutAsync(instruction, ct);

        public Task<BankPayout?> FindPayoutAsync(string key, CancellationToken ct = default) =>
            key == other.Key ? Task.FromResult<BankPayout?>(other) : inner.FindPayoutAsync(key, ct);

        public Task<ulong> ReserveBalanceAsync(Core.Primitives.Address issuer, CancellationToken ct = default) => inner.ReserveBalanceAsync(issuer, ct);
    }
}
