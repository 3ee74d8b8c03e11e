using CsCheck;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Bank;
using GridForge.Runtime.Modules.Stablecoin;

namespace GridForge.Node.Tests.Stablecoin;

/// <summary>Issue 6 over random flows: deposits and redemptions arrive between bridge passes, passes crash at random
/// steps, the bank and the node restart from disk — and once the bridge settles, every deposit is minted exactly once,
/// every redemption is paid exactly once, and the bank and the chain agree.</summary>
public sealed class BridgeRecoveryProperties
{
    private sealed class SimulatedCrash() : Exception("crash");

    private static readonly string[] Holders = ["alice", "bob", "charlie"];

    /// <summary>0 deposit, 1 redeem, 2 a bridge pass, 3 a pass that crashes at <c>Step</c>, 4 a node and bank restart.</summary>
    private static readonly Gen<(int Kind, ulong Amount, int Holder, BridgeStep Step)> Op =
        Gen.Select(Gen.Int[0, 4], Gen.ULong[1, 50_000_000], Gen.Int[0, Holders.Length - 1], Gen.Enum<BridgeStep>());

    [Fact]
    public void RandomFlowsWithCrashes_SettleToOneMintPerDepositAndOnePayoutPerRedemption() =>
        Op.Array[1, 12].Sample(ops =>
        {
            using var h = new BridgeHarness();
            ulong deposited = 0, redeemed = 0;
            var redemptions = 0;
            foreach (var (kind, amount, holder, step) in ops)
            {
                switch (kind)
                {
                    case 0:
                        h.Bank.ReceiveDeposit(h.Issuer, DevAccounts.AddressOf(Holders[holder]), amount, Holders[holder] + "-bank");
                        deposited += amount;
                        break;
                    case 1:
                        Assert.True(h.Send(Holders[holder], new RedeemMessage(h.Issuer, new Amount(amount), Holders[holder] + "-bank")).Success);
                        redeemed += amount;
                        redemptions++;
                        break;
                    case 2:
                        h.NewBridge().RunOnceAsync().GetAwaiter().GetResult();
                        break;
                    case 3:
                        try
                        {
                            h.NewBridge((s, _) => s == step ? throw new SimulatedCrash() : Task.CompletedTask).RunOnceAsync().GetAwaiter().GetResult();
                        }
                        catch (SimulatedCrash)
                        {
                        }

                        break;
                    default:
                        h.RestartNode();
                        h.RestartBank();
                        break;
                }

                BankChainAgreement.AssertAgree(h, settled: false);
            }

            var final = h.SettleAsync().GetAwaiter().GetResult();

            Assert.Empty(final.Deferred);
            BankChainAgreement.AssertAgree(h);
            var issuer = StablecoinQueries.Issuer(h.Node.State, h.Issuer)!;
            Assert.Equal((deposited, redeemed), (issuer.Minted, issuer.Redeemed));
            Assert.Equal(redemptions, h.Bank.Payouts().Count);
        }, iter: 25, threads: 1);
}
