using System.Diagnostics;
using System.Runtime.CompilerServices;
using GridForge.Core.Crypto;
using GridForge.Chain;
using GridForge.Runtime.Genesis;

namespace GridForge.Cli.Bench;

/// <summary><c>gridforge bench state</c>: a chain whose genesis funds N accounts, then its restart measured in a fresh process
/// (<see cref="RestartLoad"/>, as an operator would restart the node): time and resident memory against the targets.</summary>
internal sealed class StateLoad(int accounts) : IBenchLoad
{
    public Task<BenchReport> RunAsync(CancellationToken ct)
    {
        var data = BenchHarness.TempDirectory("state");
        BenchHarness.Note($"bench state: {accounts:N0} funded accounts");
        Create(data, accounts);

        var psi = SelfProcess.StartInfo(["bench", "restart", "--data", data]);
        psi.RedirectStandardError = false;
        psi.RedirectStandardInput = false;
        string output;
        using (var child = Process.Start(psi)!)
        {
            output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
        }

        Directory.Delete(data, true);
        var restarted = BenchReport.ParseResult(output);
        var values = restarted.ToDictionary(f => f.Name, f => f.Value);
        var report = new BenchReport { Columns = ["figure", "value", "target"] }
            .Row("accounts", $"{accounts:N0}", "1,000,000")
            .Row("state entries", values["entries"])
            .Row("[bold]restart (open + load + tree rebuild + root check)[/]", $"[bold]{values["restart_s"]} s[/]", "≤ 10 s")
            .Row("[bold]resident memory of the restarted node[/]", $"[bold]{values["rss_mib"]} MiB[/]", "≤ 1024 MiB")
            .Row("managed heap of the restarted node", $"{values["heap_mib"]} MiB")
            .Result("accounts", accounts);
        foreach (var (name, value) in restarted) report.Result(name, value);
        return Task.FromResult(report);
    }

    // Its own frame, so that nothing of the creation (a genesis of a million accounts) stays reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Create(string data, int accountCount)
    {
        var accounts = new GenesisAccount[accountCount];
        Parallel.For(0, accountCount, i => accounts[i] = new GenesisAccount { Address = BenchTransactions.StateAccount(i).ToString(), Watt = 1_000_000 });
        var sw = Stopwatch.StartNew();
        using var first = ChainNode.Open(data, DevChain.Genesis(1_800_000_000, accounts), DevAccounts.Key("validator"));
        first.ProduceBlock(1_800_000_001);
        BenchHarness.Note($"created in {sw.Elapsed.TotalSeconds:F1} s");
    }
}

/// <summary><c>gridforge bench restart --data DIR</c>: opens an existing chain as a restarting node does; its RESULT line gives the
/// time and the memory (entries, restart_s, rss_mib, heap_mib).</summary>
internal sealed class RestartLoad(string data) : IBenchLoad
{
    public Task<BenchReport> RunAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        using var node = ChainNode.Open(data, null, DevAccounts.Key("validator"));
        var seconds = sw.Elapsed.TotalSeconds;
        GC.Collect(2, GCCollectionMode.Aggressive, true, true);
        using var process = Process.GetCurrentProcess();
        return Task.FromResult(new BenchReport()
            .Result("entries", node.CommittedState.Count)
            .Result("restart_s", seconds, "F2")
            .Result("rss_mib", process.WorkingSet64 / 1048576)
            .Result("heap_mib", GC.GetTotalMemory(false) / 1048576));
    }
}
