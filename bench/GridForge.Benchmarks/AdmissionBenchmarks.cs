using BenchmarkDotNet.Attributes;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Benchmarks;

/// <summary>The admission path of 10,000 signed transfers without the network: decoding alone, and the whole
/// SubmitBatch (decode, signature check in parallel, stateful checks, mempool) on a fresh node per iteration.</summary>
[MemoryDiagnoser]
public class AdmissionBenchmarks
{
    private const int Accounts = 2_000;
    private const int Txs = 10_000;
    private byte[][] _encoded = null!;
    private GridForge.Runtime.Execution.ChainRuntime _runtime = null!;
    private ChainNode _node = null!;
    private string _dir = null!;
    private GenesisDocument _genesis = null!;

    [GlobalSetup]
    public void Setup()
    {
        var keys = Enumerable.Range(0, Accounts).Select(i => SigningKey.FromSeed(Hashing.Domain("bench", BitConverter.GetBytes(i)).ToArray())).ToArray();
        _genesis = DevChain.Genesis(1_800_000_000, keys.Select(k => new GenesisAccount { Address = k.Address.ToString(), Watt = 1_000_000_000 }));
        _encoded = new byte[Txs][];
        for (var i = 0; i < Txs; i++)
        {
            _encoded[i] = Transaction.Sign(keys[i % Accounts], DevChain.ChainId, (ulong)(i / Accounts), 100, 1_000_000,
                new TransferMessage(keys[(i + 1) % Accounts].Address, Token.Watt, new Amount(1_000))).Encoded;
        }

        _runtime = new GridForge.Runtime.Execution.ChainRuntime(DevChain.ChainId, GridForge.Runtime.Execution.ChainRuntime.StandardModules());
    }

    [IterationSetup(Target = nameof(SubmitBatch))]
    public void OpenNode()
    {
        _dir = Path.Combine(Path.GetTempPath(), "gridforge-bench-admission-" + Guid.NewGuid().ToString("N"));
        _node = ChainNode.Open(_dir, _genesis, DevAccounts.Key("validator"));
    }

    [IterationCleanup(Target = nameof(SubmitBatch))]
    public void CloseNode()
    {
        _node.Dispose();
        Directory.Delete(_dir, true);
    }

    [Benchmark(Description = "decode 10k transactions")]
    public int Decode()
    {
        var n = 0;
        foreach (var e in _encoded) n += Transaction.Decode(e, _runtime.Registry, 65_536, out _) is null ? 0 : 1;
        return n;
    }

    [Benchmark(Description = "SubmitBatch of 10k (all cores verify)")]
    public int SubmitBatch() => _node.SubmitBatch(_encoded).Count(r => r.Accepted);
}
