using System.Diagnostics;
using System.Net.Http.Json;
using GridForge.Core.Crypto;
using GridForge.Node.Api;

namespace GridForge.Cli.Tests;

/// <summary><c>gridforge watt …</c> against a real dev node process: the whole on/off-ramp from the command line,
/// refusals with their codes, and a bridge killed with SIGKILL mid-flight that the next pass recovers.</summary>
public class WattCommandTests
{
    private static readonly string Issuer = DevAccounts.AddressOf("issuer").ToString();

    private static (int Code, string Out, string Err) Watt(NodeProcess node, params string[] args) =>
        CliRunner.Run(["watt", .. args, "--node", node.Url]);

    private static async Task<ulong> WattOf(NodeProcess node, string name) =>
        (await node.Http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{DevAccounts.AddressOf(name)}"))!.Watt.Free;

    [Fact]
    public async Task DepositBridgeRedeemBridge_MintsAndPaysOut_AndSupplyShowsMintedMinusBurned()
    {
        var data = CliRunner.TempDir();
        using (var node = await NodeProcess.StartAsync(data))
        {
            var before = await WattOf(node, "alice");

            var deposit = Watt(node, "deposit", "--to", "alice", "--amount", "100", "--payer", "alice-bank");
            Assert.True(deposit.Code == 0, deposit.Err);
            Assert.Matches(@"^deposit DEP-[0-9A-F]{16}: 100 to grid1", deposit.Out);
            var mint = Watt(node, "bridge", "--from", "issuer", "--attestor", "issuer", "--once");
            Assert.True(mint.Code == 0, mint.Out + mint.Err);
            Assert.Contains("minted 1", mint.Out);
            Assert.Equal(before + 100_000_000, await WattOf(node, "alice"));

            var redeem = Watt(node, "redeem", "--from", "alice", "--amount", "25.5", "--payout-ref", "alice-bank");
            Assert.True(redeem.Code == 0, redeem.Err);
            Assert.Contains("redemption 1: 25.5 WATT burned", redeem.Out);
            var pay = Watt(node, "bridge", "--from", "issuer", "--once");
            Assert.True(pay.Code == 0, pay.Out + pay.Err);
            Assert.Contains("paid out 1", pay.Out);

            var status = Watt(node, "redemption", "1");
            Assert.Matches("paid as PAY-[0-9A-F]{16}", status.Out);
            var bank = await node.Http.GetFromJsonAsync<SandboxAccountResponse>("api/v1/sandbox-bank/accounts/customer:alice-bank");
            Assert.Equal(25_500_000UL, bank!.Balance);
            var supply = System.Text.Json.JsonSerializer
                .Deserialize<WattSupplyResponse>(Watt(node, "supply", "--json").Out,
                    new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
            Assert.Equal((supply.Minted - supply.Burned, 100_000_000UL, 25_500_000UL),
                (supply.TotalSupply, supply.Minted - supply.GenesisMinted, supply.Burned));
            Assert.Contains("outstanding 6000074.5 WATT of reserves 6000100", Watt(node, "issuer", "issuer").Out);
        }

        Directory.Delete(data, true);
    }

    [Fact]
    public async Task MintAndRedeem_Refusals_ExitOneWithTheirStableCodes()
    {
        var data = CliRunner.TempDir();
        using (var node = await NodeProcess.StartAsync(data))
        {
            var byNonIssuer = Watt(node, "mint", "--from", "alice", "--to", "alice", "--amount", "1", "--deposit-ref", "DEP-X");
            Assert.Equal(1, byNonIssuer.Code);
            Assert.Contains("not_issuer", byNonIssuer.Err);

            // The dev issuer owes all 6,000,000 genesis WATT and its genesis reserves are exactly that.
            var beyond = Watt(node, "mint", "--from", "issuer", "--to", "bob", "--amount", "1", "--deposit-ref", "DEP-Y");
            Assert.Equal(1, beyond.Code);
            Assert.Contains("mint_exceeds_reserves", beyond.Err);

            Assert.Equal(0, Watt(node, "attest", "--attestor", "issuer", "--reserves", "6000010").Code);
            Assert.Equal(0, Watt(node, "mint", "--from", "issuer", "--to", "bob", "--amount", "1", "--deposit-ref", "DEP-Y").Code);
            var reused = Watt(node, "mint", "--from", "issuer", "--to", "bob", "--amount", "1", "--deposit-ref", "DEP-Y");
            Assert.Equal(1, reused.Code);
            Assert.Contains("deposit_reused", reused.Err);

            var tooMuch = Watt(node, "redeem", "--from", "charlie", "--amount", "2000000", "--payout-ref", "charlie-bank");
            Assert.Equal(1, tooMuch.Code);
            Assert.Contains("redeem_exceeds_balance", tooMuch.Err);
            var badRef = Watt(node, "redeem", "--from", "charlie", "--amount", "1", "--payout-ref", "has space");
            Assert.Equal(2, badRef.Code);
            Assert.Contains("--payout-ref", badRef.Err);
        }

        Directory.Delete(data, true);
    }

    [Fact]
    public async Task ABridgeKilledMidFlight_WithTheNodeKilledToo_IsRecoveredByTheNextPass_MintingAndPayingEachOnce()
    {
        var data = CliRunner.TempDir();
        const int Deposits = 6;
        using (var node = await NodeProcess.StartAsync(data))
        {
            for (var i = 0; i < Deposits; i++) Assert.Equal(0, Watt(node, "deposit", "--to", "bob", "--amount", $"{i + 1}").Code);
            for (var i = 0; i < 3; i++) Assert.Equal(0, Watt(node, "redeem", "--from", "charlie", "--amount", $"{i + 1}", "--payout-ref", "charlie-bank").Code);

            using var bridge = Process.Start(CliRunner.StartInfo("watt", "bridge", "--from", "issuer", "--attestor", "issuer", "--interval", "1", "--node",
                node.Url))!;
            bridge.StandardInput.Close();
            // Let it get part of the way: until the first deposit is minted, then SIGKILL it and the node.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await node.Http.GetFromJsonAsync<WattSupplyResponse>("api/v1/watt/supply"))!.Minted == 6 * Chain.DevChain.StartingBalance)
            {
                Assert.True(DateTime.UtcNow < deadline, "the bridge minted nothing");
                await Task.Delay(20);
            }

            bridge.Kill(entireProcessTree: true);
            bridge.WaitForExit();
            node.Kill();
        }

        using (var node = await NodeProcess.StartAsync(data))
        {
            (int Code, string Out, string Err) pass = default;
            for (var i = 0; i < 5; i++)
            {
                pass = Watt(node, "bridge", "--from", "issuer", "--attestor", "issuer", "--once");
                if (pass.Code == 0 && pass.Out.StartsWith("minted 0 (recovered 0), paid out 0 (recovered 0)", StringComparison.Ordinal)) break;
                await Task.Delay(1_100);
            }

            Assert.True(pass.Code == 0, pass.Out + pass.Err);
            var supply = (await node.Http.GetFromJsonAsync<WattSupplyResponse>("api/v1/watt/supply"))!;
            // 1 + … + 6 WATT minted exactly once each; 1 + 2 + 3 WATT redeemed and paid exactly once each.
            Assert.Equal(21_000_000UL, supply.Minted - supply.GenesisMinted);
            Assert.Equal((6_000_000UL, 0), (supply.Burned, supply.PendingRedemptions));
            var deposits = (await node.Http.GetFromJsonAsync<List<SandboxDepositResponse>>("api/v1/sandbox-bank/deposits"))!;
            Assert.Equal(Deposits, deposits.Count);
            Assert.All(deposits, d => Assert.NotNull(d.MintedBy));
            foreach (var d in deposits)
            {
                var minted = await node.Http.GetFromJsonAsync<WattDepositResponse>($"api/v1/watt/issuers/{Issuer}/deposits/{d.Reference}");
                Assert.Equal(d.Amount, minted!.Amount);
            }

            var payouts = (await node.Http.GetFromJsonAsync<List<SandboxPayoutResponse>>("api/v1/sandbox-bank/payouts"))!;
            Assert.Equal(3, payouts.Count);
            Assert.Equal(6_000_000UL, (await node.Http
                .GetFromJsonAsync<SandboxAccountResponse>("api/v1/sandbox-bank/accounts/customer:charlie-bank"))!.Balance);
            for (ulong id = 1; id <= 3; id++)
            {
                var status = await node.Http.GetFromJsonAsync<PayoutStatusResponse>($"api/v1/sandbox-bank/payouts/{id}");
                Assert.Equal(("paid", status!.BankPayout!.BankReference), (status.ChainStatus, status.ConfirmedBankReference));
            }
        }

        Directory.Delete(data, true);
    }
}
