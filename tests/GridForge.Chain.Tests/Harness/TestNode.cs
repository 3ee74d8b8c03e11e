using GridForge.Chain.Blocks;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;
using Microsoft.Data.Sqlite;

namespace GridForge.Chain.Tests.Harness;

/// <summary>A single-validator <see cref="ChainNode"/> in its own temp directory, producing blocks one
/// second apart from the genesis time (or at a time the test gives), restartable in place.</summary>
public sealed class TestNode : IDisposable
{
    private readonly TempDirectory _directory;
    private readonly ChainOptions _options;

    private TestNode(TempDirectory directory, GenesisDocument genesis, ChainOptions options)
    {
        _directory = directory;
        _options = options;
        Genesis = genesis;
        Node = ChainNode.Open(directory.Path, genesis, TestKeys.Validator, options);
    }

    /// <summary>The dev chain's genesis (alice, bob, charlie, dso, issuer and validator funded) plus any extra accounts.</summary>
    public static GenesisDocument DevGenesis(params GenesisAccount[] extra) => DevChain.Genesis(GenesisBuilder.DefaultTime, extra);

    public static TestNode Start(GenesisDocument? genesis = null, ChainOptions? options = null) =>
        new(new TempDirectory(), genesis ?? DevGenesis(), options ?? new ChainOptions());

    public ChainNode Node { get; private set; }

    public GenesisDocument Genesis { get; }

    public string DataDirectory => _directory.Path;

    public ulong Height => Node.Height;

    public SubmitResult Submit(Transaction tx) => Node.Submit(tx.Encoded);

    public SubmitResult Submit(byte[] encoded) => Node.Submit(encoded);

    /// <summary>Produces the next block at <paramref name="time"/>, by default one second after the genesis time per height.</summary>
    public (Block Block, IReadOnlyList<TxResult> Results) Produce(long? time = null) =>
        Node.ProduceBlock(time ?? Genesis.GenesisTime + (long)Node.Height + 1);

    public ulong Free(Address account, Token token) => TokensModule.GetBalance(Node.State, account, token).Free;

    public string StatusOf(Transaction tx) => Node.GetTxStatus(tx.Id).State;

    /// <summary>Closes the node and opens it again from its directory, as a restart would.</summary>
    public void Restart()
    {
        Node.Dispose();
        Node = ChainNode.Open(_directory.Path, null, TestKeys.Validator, _options);
    }

    public void Stop() => Node.Dispose();

    /// <summary>Runs SQL straight against the node's database file, behind the node's back.</summary>
    public void Sql(string sql, params (string Name, object Value)[] parameters) => WithCommand(sql, parameters, cmd => cmd.ExecuteNonQuery());

    /// <summary>Reads one value straight from the node's database file.</summary>
    public object? SqlScalar(string sql, params (string Name, object Value)[] parameters) => WithCommand(sql, parameters, cmd => cmd.ExecuteScalar());

    public byte[] SqlBlob(string sql, params (string Name, object Value)[] parameters) => (byte[])SqlScalar(sql, parameters)!;

    private T WithCommand<T>(string sql, (string Name, object Value)[] parameters, Func<SqliteCommand, T> run)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataDirectory, "chain.db"), Pooling =
            false }.ToString());
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return run(cmd);
    }

    public void Dispose()
    {
        Node.Dispose();
        _directory.Dispose();
    }
}
