using GridForge.Core.Primitives;
using System.Net.Http.Json;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Node.Api;
using GridForge.Runtime;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Tests.Observability;

/// <summary>A module whose end-of-block item throws is contained by the runtime (architecture.md, "Nothing stops a block"):
/// the chain goes on, and the operator sees it in <c>gridforge_runtime_contained_failures_total</c> (alert
/// <c>GridForgeRuntimeFailureContained</c>) and in log event 1102.</summary>
public sealed class ContainedFailureTests
{
    /// <summary>A module with a bug: its end-of-block item throws at every block.</summary>
    private sealed class BrokenEndBlockModule : IModule
    {
        public byte Id => 251;

        public string Name => "broken";

        public IReadOnlyList<ParamSpec> Params { get; } = [];

        public void RegisterMessages(MessageRegistry registry)
        {
        }

        public void InitGenesis(TxContext context, GenesisDocument genesis)
        {
        }

        public Rejection? Execute(TxContext context, IMessage message) => null;

        public void EndBlock(TxContext context) => throw new InvalidOperationException("a bug in an end-of-block item");
    }

    [Fact]
    public async Task AnEndOfBlockItemThatThrows_CountsAContainedFailurePerBlock_AndTheChainGoesOn()
    {
        var data = Path.Combine(Path.GetTempPath(), "gridforge-contained-" + Guid.NewGuid().ToString("N"));
        var modules = new ModuleHost([.. ChainRuntime.StandardModules().All, new BrokenEndBlockModule()]);
        const long time = 1_800_000_000;
        var chain = ChainNode.Open(data, DevChain.Genesis(time), DevAccounts.Key("validator"), modules: modules);
        try
        {
            await using var host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: false);
            using var http = new HttpClient { BaseAddress = new Uri(host.Url + "/") };
            for (var i = 1; i <= 3; i++) chain.ProduceBlock(time + i);

            var scrape = await http.GetStringAsync("metrics");
            Assert.Contains("\ngridforge_runtime_contained_failures_total 3\n", scrape, StringComparison.Ordinal);
            Assert.Contains("\ngridforge_chain_height 3\n", scrape, StringComparison.Ordinal);
            // The block after the failures still takes transactions.
            var transfer = Transaction.Sign(DevAccounts.Key("alice"), DevChain.ChainId, 0, 100, 10_000,
                new GridForge.Runtime.Modules.Tokens.TransferMessage(DevAccounts.AddressOf("bob"), GridForge.Core.Primitives.Token.Watt, new Amount(1)));
            Assert.Equal(System.Net.HttpStatusCode.Accepted,
                (await http.PostAsJsonAsync("api/v1/transactions", new SubmitRequest(Convert.ToHexStringLower(transfer.Encoded)))).StatusCode);
            chain.ProduceBlock(time + 4);
            Assert.Equal("committed", (await http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{transfer.Id}"))!.Status);
            Assert.Contains("\ngridforge_runtime_contained_failures_total 4\n", await http.GetStringAsync("metrics"), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, true);
        }
    }
}
