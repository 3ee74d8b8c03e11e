using BenchmarkDotNet.Attributes;
using GridForge.Chain;
using GridForge.Chain.Blocks;
using GridForge.Chain.Storage;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Benchmarks;

/// <summary>The stages of committing a block of 10,000 WATT transfers from 2,000 accounts:
/// execution, state root, and the SQLite write (per operation = one block).</summary>
[MemoryDiagnoser]
public class BlockPathBenchmarks
{
    private const int Accounts = 2_000;
    private const int Txs = 10_000;
    private ChainRuntime _runtime = null!;
    private StateStore _state = null!;
    private Transaction[] _txs = null!;
    private BlockExecution _execution = null!;
    private IReadOnlyList<KeyValuePair<StateKey, byte[]?>> _changes = null!;
    private string _dir = null!;
    private BlockStore _store = null!;
    private ulong _height;

    [GlobalSetup]
    public void Setup()
    {
        var keys = Enumerable.Range(0, Accounts).Select(i => SigningKey.FromSeed(Hashing.Domain("bench", BitConverter.GetBytes(i)).ToArray())).ToArray();
        var genesis = DevChain.Genesis(1_800_000_000, keys.Select(k => new GenesisAccount { Address = k.Address.ToString(), Watt = 1_000_000_000 }));
        _runtime = new ChainRuntime(genesis.ChainId, ChainRuntime.StandardModules());
        _state = _runtime.GenesisState(genesis);
        _txs = new Transaction[Txs];
        for (var i = 0; i < Txs; i++)
        {
            var tx = Transaction.Sign(keys[i % Accounts], genesis.ChainId, (ulong)(i / Accounts), 100, 1_000_000,
                new TransferMessage(keys[(i + 1) % Accounts].Address, Token.Watt, new Amount(1_000)));
            tx.SignatureChecked = true;
            _txs[i] = tx;
        }

        _execution = Execute();
        _changes = _execution.SortedWrites();
        _dir = Path.Combine(Path.GetTempPath(), "gridforge-bench-store-" + Guid.NewGuid().ToString("N"));
        _store = BlockStore.Open(_dir);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_dir, true);
    }

    private BlockExecution Execute() =>
        BlockExecutor.Execute(_runtime, _state, new BlockInfo(_runtime.ChainId, 1, 1_800_000_001, DevAccounts.AddressOf("validator")), [], _txs, int.MaxValue);

    [Benchmark(Description = "execute 10k transfers")]
    public int ExecuteBlock() => Execute().Included.Count;

    [Benchmark(Description = "sort writes + state root (copy of the state)")]
    public Hash32 SortAndRoot()
    {
        var copy = StateStore.Load(_state.Snapshot().Select(kv => new KeyValuePair<byte[], byte[]>(kv.Key.Bytes, kv.Value)));
        return copy.Apply(_execution.SortedWrites());
    }

    [Benchmark(Description = "SQLite commit of a 10k-tx block")]
    public void Store()
    {
        _height++;
        var header = new BlockHeader(_runtime.ChainId, _height, 0, Hash32.Zero, Hash32.Zero, Hash32.Zero, Address.None, Hash32.Zero, Hash32.Zero, Hash32.Zero);
        var block = new Block(header, _execution.Included, null, []);
        _store.CommitBlock(block, new Commit(_height, 0, block.Hash(), []), _execution.Results, [], _changes);
    }
}
