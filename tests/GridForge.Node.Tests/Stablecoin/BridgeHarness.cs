using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Node.Bank;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Tests.Stablecoin;

/// <summary>A dev chain and its sandbox bank on disk, with the dev <c>issuer</c>'s bridge (which also holds the
/// attestor key: on the dev chain the issuer is its own attestor). Blocks are produced by the test; the node and
/// the bank can be "crashed" and reopened from their files.</summary>
internal sealed class BridgeHarness : IDisposable
{
    public const long GenesisTime = 1_800_000_000;

    public static readonly SigningKey IssuerKey = DevAccounts.Key("issuer");

    private long _time = GenesisTime;

    public BridgeHarness()
    {
        Directory.CreateDirectory(DataDirectory);
        Node = ChainNode.Open(DataDirectory, DevChain.Genesis(GenesisTime), DevAccounts.Key("validator"));
        Bank = StablecoinEndpoints.OpenSandboxBank(Node);
        Produce();
    }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "gridforge-bridge-" + Guid.NewGuid().ToString("N"));

    public ChainNode Node { get; private set; }

    public SandboxBank Bank { get; private set; }

    public Address Issuer => IssuerKey.Address;

    /// <summary>Fiat the sandbox opened the issuer's reserve account with: what backs the dev genesis WATT.</summary>
    public ulong OpeningReserve { get; } = 6 * DevChain.StartingBalance;

    public void Produce() => Node.ProduceBlock(++_time);

    /// <summary>A bridge as a freshly started issuer process would build it: no memory of earlier passes.</summary>
    public IssuerBridge NewBridge(Func<BridgeStep, string, Task>? checkpoint = null) =>
        new(Bank, new LocalIssuerChain(Node, IssuerKey, Produce), IssuerKey) { Checkpoint = checkpoint };

    /// <summary>Signs and commits a message from a dev account in its own block.</summary>
    public Runtime.Execution.TxResult Send(string from, IMessage message)
    {
        var key = DevAccounts.Key(from);
        var tx = Transaction.Sign(key, Node.ChainId, Runtime.Modules.Auth.AuthModule.NextNonce(Node.State, key.Address), 100, Node.Height + 100, message);
        var submitted = Node.Submit(tx);
        Assert.True(submitted.Accepted, submitted.Rejection?.ToString());
        // The block may also carry what a crashed bridge left in the mempool.
        return Assert.Single(Node.ProduceBlock(++_time).Results, r => r.TxId == tx.Id);
    }

    public ulong Watt(string account) => TokensModule.GetBalance(Node.State, DevAccounts.AddressOf(account), Token.Watt).Free;

    /// <summary>A crash of the node: whatever was only in its mempool is gone; the chain reopens from disk.</summary>
    public void RestartNode()
    {
        Node.Dispose();
        Node = ChainNode.Open(DataDirectory, null, DevAccounts.Key("validator"));
    }

    /// <summary>A crash of the bank's process: it reopens from its SQLite file.</summary>
    public void RestartBank() => Bank = SandboxBank.Open(DataDirectory);

    /// <summary>Runs bridge passes, a block apart (as the node's timer would produce them), until one finds nothing to do.</summary>
    public async Task<BridgeReport> SettleAsync()
    {
        var report = new BridgeReport(0, 0, 0, 0, ["never ran"]);
        for (var i = 0; i < 6; i++)
        {
            Produce();
            report = await NewBridge().RunOnceAsync();
            if (report is { Minted: 0, MintsRecovered: 0, PaidOut: 0, PayoutsRecovered: 0, Deferred.Count: 0 }) break;
        }

        return report;
    }

    public void Dispose()
    {
        Node.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, true);
        }
        catch (IOException)
        {
        }
    }
}
