using System.Net.Http.Json;
using System.Text.Json;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Node.Api;

namespace GridForge.Cli.Tests;

/// <summary>Issue 13, "must hold": on a dev node at <c>--speed 300</c>, the PPA of the review — created and accepted through the
/// CLI, a daily settlement period, every slot scheduled at <c>market.max_order_wh</c>, a shortfall penalty of 10^12 µWATT/kWh,
/// between two accounts without meters — does not stop the chain: blocks keep coming through the period's settlement and
/// after it, and <c>contract show</c> spells out the outcome.</summary>
public sealed class ReviewPpaTests
{
    private static string Ok(params string[] args) => CliRunner.Ok(args);

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheReviewsPpa_OnADevNodeAt300x_DoesNotStopTheChain_AndContractShowSpellsOutItsOutcome()
    {
        var dir = CliRunner.TempDir();
        // The dev chain with a 15-minute metering window, so that the period settles 3 s after its last slot at 300× (not 72 s).
        var genesis = DevChain.Genesis(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        genesis.Params["metering"] = new(StringComparer.Ordinal) { ["acceptance_window_s"] = 900 };
        var file = Path.Combine(dir, "genesis.json");
        await File.WriteAllTextAsync(file, genesis.ToJson());
        using var node = await NodeProcess.StartAsync(Path.Combine(dir, "data"), "--genesis", file, "--speed", "300", "--community", "0");
        string[] at = ["--node", node.Url];

        // Twelve slots, all in one UTC day (the next day's first twelve when today has not as many left). Far enough ahead that
        // the create and the accept (two CLI processes, each waiting for its block) are in before the first slot's gate closes:
        // at 300× a slot is 3 s, and on a loaded 2-core machine a CLI process alone can take several seconds to start.
        var now = (await node.Http.GetFromJsonAsync<StatusResponse>("api/v1/status"))!.LatestTime!.Value / 900;
        var first = now + 16;
        if ((first % 96) + 11 >= 96) first = ((first / 96) + 1) * 96;
        var created = Ok(["contract", "create", "ppa", "--from", "alice", "--counterparty", "bob", "--role", "seller", "--sell-zone", "Z1", "--buy-zone", "Z2",
            "--price", "80000", "--schedule", "1000000000", "--take-or-pay", "800", "--penalty", "1000000000000", "--period", "day",
            "--start", Invariant(first), "--end", Invariant(first + 11), .. at]);
        Assert.Contains("contract 1: ppa, proposed", created);
        Ok(["contract", "accept", "1", "--from", "bob", .. at]);

        // Every slot acts and the day's period settles; the contract ends.
        var deadline = DateTime.UtcNow.AddSeconds(240);
        JsonElement contract;
        while (true)
        {
            using var shown = JsonDocument.Parse(Ok(["contract", "show", "1", "--json", .. at]));
            contract = shown.RootElement.Clone();
            if (contract.GetProperty("contract").GetProperty("status").GetString() != "active") break;
            Assert.True(DateTime.UtcNow < deadline, $"the contract did not end in time: {contract}");
            await Task.Delay(2_000);
        }

        Assert.Equal("ended", contract.GetProperty("contract").GetProperty("status").GetString());
        var kinds = contract.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()).ToList();
        Assert.Equal(12, kinds.Count(k => k == "ppa_slot"));
        Assert.Contains("ppa_period_settled", kinds);
        Assert.DoesNotContain("contract_suspended", kinds);

        // The chain goes on after the settlement: two more blocks come (a block a second when the machine is idle; a bounded
        // wait, since a loaded machine stretches the interval).
        var height = (await node.Http.GetFromJsonAsync<StatusResponse>("api/v1/status"))!.Height;
        var blocksDeadline = DateTime.UtcNow.AddSeconds(60);
        while ((await node.Http.GetFromJsonAsync<StatusResponse>("api/v1/status"))!.Height < height + 2)
        {
            Assert.True(DateTime.UtcNow < blocksDeadline, "blocks stopped after the period's settlement");
            await Task.Delay(250);
        }

        // What a person reads: the penalty owed exactly, what alice paid, and the rest as her debt to bob.
        var text = Ok(["contract", "show", "1", .. at]);
        Assert.Contains("ppa_period_settled", text);
        // 12 slots × 10^9 Wh not offered × 10^12 µWATT/kWh / 1000 = 1.2 × 10^19 µWATT: beyond a 64-bit signed amount, owed exactly.
        Assert.Contains("take-or-pay 0 WATT, penalty 12,000,000,000,000 WATT; net 12,000,000,000,000 WATT owed by", text);
        Assert.Contains("became its debt to the other party", text);
        var debt = Ok(["settlement", "show", "alice", "--json", .. at]);
        Assert.Contains(DevAccounts.AddressOf("bob").ToString(), debt);
        node.Kill();
        Directory.Delete(dir, true);
    }
}
