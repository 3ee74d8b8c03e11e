using System.Net.Http.Json;
using GridForge.Core.Crypto;
using GridForge.Node.Api;

namespace GridForge.Cli.Tests;

/// <summary>The CLI simulates every transaction on the node before it submits it: what the chain would refuse is stopped with its
/// code and sentence and costs nothing, unless <c>--force</c>.</summary>
public class SimulateBeforeSubmitTests
{
    [Fact]
    public async Task AnOrderForAPastSlot_IsStoppedWithItsCodeAndNoFee_AndForceSubmitsItAnyway_AndClientMistakesLogNothing()
    {
        var dir = CliRunner.TempDir();
        using (var node = await NodeProcess.StartAsync(Path.Combine(dir, "data")))
        {
            async Task<(ulong Nonce, ulong Free)> Bob()
            {
                var a = (await node.Http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{DevAccounts.AddressOf("bob")}"))!;
                return (a.Nonce, a.Watt.Free);
            }

            var before = await Bob();
            var past = $"{(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 900) - 2}";
            string[] order = ["market", "order", "--from", "bob", "--side", "buy", "--zone", "Z1", "--price", "60000", "--quantity", "1000", "--slot", past,
                "--node", node.Url];
            var (code, _, err) = CliRunner.Run(order);
            Assert.Equal(1, code);
            Assert.Contains("slot_closed", err, StringComparison.Ordinal);
            Assert.Contains("nothing was submitted and no fee was paid", err, StringComparison.Ordinal);
            Assert.Equal(before, await Bob());

            var (forced, _, forcedErr) = CliRunner.Run([.. order, "--force"]);
            Assert.Equal(1, forced);
            Assert.Contains("(the fee was paid)", forcedErr, StringComparison.Ordinal);
            var after = await Bob();
            Assert.Equal(before.Nonce + 1, after.Nonce);
            Assert.True(after.Free < before.Free);

            // `--slot next` names a slot whose book is open: the same order is placed.
            var placed = CliRunner.Ok(["market", "order", "--from", "bob", "--side", "buy", "--zone", "Z1", "--price", "60000", "--quantity", "1000", "--slot",
                "next", "--node", node.Url]);
            Assert.Contains("order 1: buy gtc 1,000 Wh", placed, StringComparison.Ordinal);

            // A client's mistakes are answered, never logged: the node's console shows no exception or stack for them.
            foreach (var path in new[] { "api/v1/blocks/18446744073709551616/events", "api/v1/market/slots/-1/book", "api/v1/status?x=1", "api/v1/nowhere" })
            {
                Assert.InRange((int)(await node.Http.GetAsync(path)).StatusCode, 400, 499);
            }

            using (var text = new StringContent("{\"tx\":", System.Text.Encoding.UTF8, "application/json"))
            {
                Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await node.Http.PostAsync("api/v1/transactions", text)).StatusCode);
            }

            Assert.DoesNotContain("Exception", node.Log, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", node.Log, StringComparison.Ordinal);
        }

        Directory.Delete(dir, true);
    }
}
