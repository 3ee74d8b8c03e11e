using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Bank;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Tokens;

namespace GridForge.Node.Tests.Stablecoin;

/// <summary>The whole on/off-ramp runs locally: deposit at the sandbox bank, mint by the issuer's bridge, spend,
/// redeem on chain, payout by the bridge, confirmation on chain — and the bank and the chain agree after each step.</summary>
public sealed class BridgeFlowTests : IDisposable
{
    private readonly BridgeHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task DepositMintSpendRedeemPayout_RunsEndToEnd_AndTheBankAndChainAgree()
    {
        var alice = DevAccounts.AddressOf("alice");
        var aliceBefore = _h.Watt("alice");
        var deposit = _h.Bank.ReceiveDeposit(_h.Issuer, alice, 100_000_000, "alice-bank");

        var minting = await _h.NewBridge().RunOnceAsync();

        Assert.Equal((1, 0), (minting.Minted, minting.Deferred.Count));
        Assert.Equal(aliceBefore + 100_000_000, _h.Watt("alice"));
        Assert.NotNull(_h.Bank.FindDeposit(deposit.Reference)!.MintedBy);
        Assert.Equal(_h.OpeningReserve + 100_000_000, StablecoinQueries.Issuer(_h.Node.State, _h.Issuer)!.Reserves);
        BankChainAgreement.AssertAgree(_h);

        Assert.True(_h.Send("alice", new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(30_000_000))).Success);
        Assert.True(_h.Send("bob", new RedeemMessage(_h.Issuer, new Amount(30_000_000), "bob-bank")).Success);
        BankChainAgreement.AssertAgree(_h, settled: false);

        var paying = await _h.NewBridge().RunOnceAsync();

        Assert.Equal((1, 0), (paying.PaidOut, paying.Deferred.Count));
        var redemption = StablecoinQueries.Redemption(_h.Node.State, 1)!;
        Assert.Equal(RedemptionStatus.Paid, redemption.Status);
        Assert.Equal(30_000_000UL, _h.Bank.Balance(SandboxBank.CustomerAccount("bob-bank")));
        Assert.Equal(redemption.BankReference, (await _h.Bank
            .FindPayoutAsync(PayoutInstruction.KeyOf(_h.Node.ChainId, _h.Node.GenesisHash, 1)))!.BankReference);
        BankChainAgreement.AssertAgree(_h);
    }

    [Fact]
    public async Task APassWithNothingToDo_DoesNothing()
    {
        var report = await _h.NewBridge().RunOnceAsync();

        Assert.Equal(new BridgeReport(0, 0, 0, 0, []).ToString(), report.ToString());
        BankChainAgreement.AssertAgree(_h);
    }

    [Fact]
    public async Task ADepositBeyondTheAttestedReserves_WaitsForAnAttestation_AndIsMintedOnceThereIsOne()
    {
        // A bridge without the attestor key cannot raise the reserves: the mint is deferred, nothing is minted.
        _h.Bank.ReceiveDeposit(_h.Issuer, DevAccounts.AddressOf("charlie"), 5_000_000, "charlie-bank");
        var bridge = new IssuerBridge(_h.Bank, new LocalIssuerChain(_h.Node, BridgeHarness.IssuerKey, _h.Produce));

        var first = await bridge.RunOnceAsync();

        Assert.Contains(first.Deferred, d => d.Contains(StablecoinCodes.MintExceedsReserves, StringComparison.Ordinal));
        Assert.Single(_h.Bank.Deposits(_h.Issuer, unmintedOnly: true));
        BankChainAgreement.AssertAgree(_h, settled: false);

        Assert.Equal(1, (await _h.NewBridge().RunOnceAsync()).Minted);
        BankChainAgreement.AssertAgree(_h);
    }

    [Fact]
    public async Task ARedemptionTheBankRefusesToPay_IsDeferredAndStaysPending_AndIsPaidOnceTheBankPays()
    {
        Assert.True(_h.Send("alice", new RedeemMessage(_h.Issuer, new Amount(2_000_000), "alice-bank")).Success);
        var bank = new RefusingBank(_h.Bank) { Refusing = true };
        var bridge = new IssuerBridge(bank, new LocalIssuerChain(_h.Node, BridgeHarness.IssuerKey, _h.Produce));

        var refused = await bridge.RunOnceAsync();

        Assert.Contains(refused.Deferred, d => d.Contains(BankRefusedException.InsufficientReserves, StringComparison.Ordinal));
        Assert.Equal(RedemptionStatus.Pending, StablecoinQueries.Redemption(_h.Node.State, 1)!.Status);
        Assert.Empty(_h.Bank.Payouts());
        BankChainAgreement.AssertAgree(_h, settled: false);

        bank.Refusing = false;
        Assert.Equal(1, (await bridge.RunOnceAsync()).PaidOut);
        Assert.Equal(RedemptionStatus.Paid, StablecoinQueries.Redemption(_h.Node.State, 1)!.Status);
        BankChainAgreement.AssertAgree(_h);
    }
}
