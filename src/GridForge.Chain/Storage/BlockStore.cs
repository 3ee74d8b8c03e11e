using GridForge.Chain.Blocks;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;
using Microsoft.Data.Sqlite;

namespace GridForge.Chain.Storage;

/// <summary>The embedded store (SQLite in WAL mode): blocks, their commits, transaction results and the
/// state. One database transaction per block, so a block and its state changes land together or not at all.</summary>
public sealed class BlockStore : IDisposable, IRecordedChain
{
    // A connection is not thread-safe: the writer's is used under the lock, and every read opens a
    // pooled connection of its own (WAL lets readers run beside the writer).
    private readonly SqliteConnection _db;
    private readonly string _readConnectionString;
    private readonly Lock _writeLock = new();
    private bool _readOnly;
    private DataDirectoryLock? _directoryLock;

    // Kept between blocks (under the write lock) so that a block's body and results, megabytes each, are not new
    // large-object garbage every second; SQLite binds the written part of each (parameter Size).
    private readonly CanonicalWriter _body = new(1 << 16);
    private readonly CanonicalWriter _entries = new(1 << 16);
    private readonly CanonicalWriter _results = new(1 << 16);

    // The block commit's per-row statements, prepared once on the writer's connection (null on a read-only store).
    private RowWriter _insertTx = null!, _upsertState = null!, _deleteState = null!;
    private WalCheckpointer? _checkpointer;

    private BlockStore(SqliteConnection db, string readConnectionString)
    {
        _db = db;
        _readConnectionString = readConnectionString;
    }

    private SqliteConnection OpenReader()
    {
        var c = new SqliteConnection(_readConnectionString);
        c.Open();
        return c;
    }

    public string Path { get; private init; } = "";

    /// <summary>Opens the store of <paramref name="dataDirectory"/>; a writer holds the directory's <see cref="DataDirectoryLock"/>
    /// until it is disposed (a second writer is refused), a reader (<paramref name="readOnly"/>: verify, backup) takes none.</summary>
    public static BlockStore Open(string dataDirectory, bool readOnly = false)
    {
        var directoryLock = readOnly ? null : DataDirectoryLock.Acquire(dataDirectory, "gridforge node");
        Directory.CreateDirectory(dataDirectory);
        var path = System.IO.Path.Combine(dataDirectory, "chain.db");
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var db = new SqliteConnection(builder.ToString());
        try
        {
            db.Open();
        }
        catch
        {
            db.Dispose();
            directoryLock?.Dispose();
            throw;
        }

        var reader = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true };
        var store = new BlockStore(db, reader.ToString()) { Path = path, _readOnly = readOnly, _directoryLock = directoryLock };
        try
        {
            if (!readOnly)
            {
                // FULL: a commit reported to a client survives a crash of the process and of the machine.
                store.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;");
                // The log is folded into the database by the checkpointer's thread after each block, not inside a block's commit.
                store.Exec($"PRAGMA wal_autocheckpoint={WalCheckpointer.BackstopPages}; PRAGMA journal_size_limit={WalCheckpointer.LogSizeLimit};");
                store.Exec("""
                    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
                    CREATE TABLE IF NOT EXISTS blocks (height INTEGER PRIMARY KEY, hash BLOB NOT NULL UNIQUE, header BLOB NOT NULL, body BLOB NOT NULL,
                        results BLOB NOT NULL);
                    CREATE TABLE IF NOT EXISTS commits (height INTEGER PRIMARY KEY, commit_bytes BLOB NOT NULL);
                    CREATE TABLE IF NOT EXISTS txs (hash BLOB PRIMARY KEY, height INTEGER NOT NULL, idx INTEGER NOT NULL, code TEXT) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS state (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS block_events (height INTEGER PRIMARY KEY, events TEXT NOT NULL);
                    """);
                store._insertTx = new RowWriter(db, "INSERT OR REPLACE INTO txs (hash, height, idx, code) VALUES (?1, ?2, ?3, ?4)");
                store._upsertState = new RowWriter(db, "INSERT OR REPLACE INTO state (key, value) VALUES (?1, ?2)");
                store._deleteState = new RowWriter(db, "DELETE FROM state WHERE key = ?1");
                store._checkpointer = new WalCheckpointer(builder.ToString());
            }

            if (store.GetMeta("genesis_hash") is not null && store.GetMeta("format") is var format && format != StorageFormat)
            {
                throw new InvalidOperationException($"{dataDirectory} was written in storage format {format ?? "1"}; this node reads format {StorageFormat} " +
                    "(since format 3 the runtime's records hold exact settlement amounts, debts with creditors, meters' service and payouts' details; " +
                    "since format 4 block headers commit to their evidence and commits carry their consensus round). " +
                    "Start a new data directory (for a dev chain, delete it).");
            }
        }
        catch
        {
            // A store that cannot be opened holds nothing: its connection, statements, checkpointer and the directory lock go.
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>The layout this code writes and reads; a data directory of another one is refused at open.</summary>
    public const string StorageFormat = "4";

    private void Exec(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public string? GetMeta(string key)
    {
        using var connection = OpenReader();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : null;
    }

    /// <summary>Writes the genesis document and the genesis state in one transaction.</summary>
    public void InitGenesis(GenesisDocument genesis, string genesisJson, string genesisHash, IReadOnlyList<KeyValuePair<StateKey, byte[]>> state)
    {
        lock (_writeLock)
        {
            using var tx = _db.BeginTransaction();
            PutMeta(tx, "genesis", genesisJson);
            PutMeta(tx, "genesis_hash", genesisHash);
            PutMeta(tx, "chain_id", genesis.ChainId);
            PutMeta(tx, "genesis_time", genesis.GenesisTime.ToString(System.Globalization.CultureInfo.InvariantCulture));
            PutMeta(tx, "height", "0");
            PutMeta(tx, "format", StorageFormat);
            using var cmd = _db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR REPLACE INTO state (key, value) VALUES ($k, $v)";
            var k = cmd.Parameters.Add("$k", SqliteType.Blob);
            var v = cmd.Parameters.Add("$v", SqliteType.Blob);
            foreach (var (key, value) in state)
            {
                k.Value = key.Bytes;
                v.Value = value;
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        }
    }

    private void PutMeta(SqliteTransaction tx, string key, string value)
    {
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT OR REPLACE INTO meta (key, value) VALUES ($k, $v)";
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", System.Text.Encoding.UTF8.GetBytes(value));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Commits a block with its commit, its transactions' results and its state changes, atomically.</summary>
    public void CommitBlock(Block block, Commit commit, IReadOnlyList<TxResult> results, IReadOnlyList<Event> endBlockEvents,
        IReadOnlyList<KeyValuePair<StateKey, byte[]?>> changes)
    {
        if (_readOnly) throw new InvalidOperationException($"{Path} was opened read-only");
        lock (_writeLock)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var tx = _db.BeginTransaction();
            using (var cmd = _db.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO blocks (height, hash, header, body, results) VALUES ($h, $hash, $header, $body, $results)";
                cmd.Parameters.AddWithValue("$h", (long)block.Header.Height);
                cmd.Parameters.AddWithValue("$hash", block.Hash().ToArray());
                cmd.Parameters.AddWithValue("$header", block.Header.Encode());
                _body.Reset();
                block.EncodeBody(_body);
                Blob(cmd, "$body", _body.WrittenSegment);
                Blob(cmd, "$results", EncodeResults(results, _entries, _results));
                cmd.ExecuteNonQuery();
            }

            // This block's commit as this node saw it, and the previous block's as this block carries it (the canonical
            // one: every node stores the same commit for a block once the next block is in).
            foreach (var c in block.LastCommit is { } last ? [commit, last] : new[] { commit })
            {
                using var cmd = _db.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT OR REPLACE INTO commits (height, commit_bytes) VALUES ($h, $c)";
                cmd.Parameters.AddWithValue("$h", (long)c.Height);
                cmd.Parameters.AddWithValue("$c", c.Encode());
                cmd.ExecuteNonQuery();
            }

            // The index row stays small (messages and events live in the block's results blob): random-key inserts of small
            // rows are what keeps a 20,000-transaction block cheap. In hash order, the inserts walk the index's pages once, left
            // to right, instead of at random.
            var order = new int[results.Count];
            var keys = new Hash32[results.Count];
            for (var n = 0; n < order.Length; n++) (order[n], keys[n]) = (n, results[n].TxId);
            Array.Sort(keys, order);
            for (var j = 0; j < order.Length; j++)
            {
                _insertTx.Blob(1, keys[j]).Integer(2, (long)block.Header.Height).Integer(3, order[j]).Text(4, results[order[j]].Rejection?.Code).Run();
            }

            foreach (var (key, value) in changes)
            {
                if (value is null) _deleteState.Blob(1, key.Span).Run();
                else _upsertState.Blob(1, key.Span).Blob(2, value).Run();
            }

            if (endBlockEvents.Count > 0)
            {
                using var cmd = _db.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT OR REPLACE INTO block_events (height, events) VALUES ($h, $e)";
                cmd.Parameters.AddWithValue("$h", (long)block.Header.Height);
                cmd.Parameters.AddWithValue("$e", EventJson.Write(endBlockEvents));
                cmd.ExecuteNonQuery();
            }

            PutMeta(tx, "height", block.Header.Height.ToString(System.Globalization.CultureInfo.InvariantCulture));
            tx.Commit();
            LastCommitDuration = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            _checkpointer?.Nudge();
        }
    }

    /// <summary>Background checkpoints that folded the whole log into the database file (<see cref="WalCheckpointer"/>).</summary>
    internal long CheckpointRuns => _checkpointer?.Runs ?? 0;

    /// <summary>How long the last <see cref="CommitBlock"/> took, from its first write to its durable commit (operators' metric).</summary>
    public TimeSpan LastCommitDuration { get; private set; }

    public ulong Height => ulong.Parse(GetMeta("height") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    public Block? GetBlock(ulong height, MessageRegistry registry)
    {
        using var connection = OpenReader();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT header, body FROM blocks WHERE height = $h";
        cmd.Parameters.AddWithValue("$h", (long)height);
        using var reader = cmd.ExecuteReader();
        return reader.Read() ? Block.Decode((byte[])reader[0], (byte[])reader[1], registry) : null;
    }

    public string? GenesisJson => GetMeta("genesis");

    /// <summary>A block with its commit, results and end-of-block events exactly as stored (what an archive holds).</summary>
    public RecordedBlock? Get(ulong height)
    {
        using var connection = OpenReader();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT b.header, b.body, b.results, c.commit_bytes, COALESCE(e.events, '[]')
            FROM blocks b JOIN commits c ON c.height = b.height LEFT JOIN block_events e ON e.height = b.height WHERE b.height = $h
            """;
        cmd.Parameters.AddWithValue("$h", (long)height);
        using var reader = cmd.ExecuteReader();
        return reader.Read() ? new RecordedBlock((byte[])reader[0], (byte[])reader[1], (byte[])reader[3], (byte[])reader[2], reader.GetString(4)) : null;
    }

    public IReadOnlyList<string?>? Codes(ulong height, IReadOnlyList<Hash32> txIds)
    {
        using var connection = OpenReader();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT height, idx, code FROM txs WHERE hash = $h";
        var hash = cmd.Parameters.Add("$h", SqliteType.Blob);
        cmd.Prepare();
        var codes = new List<string?>(txIds.Count);
        for (var i = 0; i < txIds.Count; i++)
        {
            hash.Value = txIds[i].ToArray();
            using var r = cmd.ExecuteReader();
            if (!r.Read() || (ulong)r.GetInt64(0) != height || r.GetInt32(1) != i) return null;
            codes.Add(r.IsDBNull(2) ? null : r.GetString(2));
        }

        return codes;
    }

    /// <summary>A block's header and body as stored (canonical encoding), without decoding them: what a peer is sent.</summary>
    public (byte[] Header, byte[] Body)? GetRawBlock(ulong height)
    {
        using var connection = OpenReader();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT header, body FROM blocks WHERE height = $h";
        cmd.Parameters.AddWithValue("$h", (long)height);
        using var reader = cmd.ExecuteReader();
        return reader.Read() ? ((byte[])reader[0], (byte[])reader[1]) : null;
    }

    /// <summary>A commit as stored (canonical encoding).</summary>
    public byte[]? GetRawCommit(ulong height)
    {
        using var connection = OpenReader();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT commit_bytes FROM commits WHERE height = $h";
        cmd.Parameters.AddWithValue("$h", (long)height);
        return cmd.ExecuteScalar() as byte[];
    }

    public ulong? HeightOf(Hash32 blockHash)
    {
        using var connection = OpenReader();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT height FROM blocks WHERE hash = $h";
        cmd.Parameters.AddWithValue("$h", blockHash.ToArray());
        return cmd.ExecuteScalar() is long h ? (ulong)h : null;
    }

    public Commit? GetCommit(ulong height)
    {
        using var connection = OpenReader();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT commit_bytes FROM commits WHERE height = $h";
        cmd.Parameters.AddWithValue("$h", (long)height);
        if (cmd.ExecuteScalar() is not byte[] bytes) return null;
        var r = new CanonicalReader(bytes);
        var c = Commit.Decode(ref r);
        r.End("commit");
        return r.Ok ? c : throw new InvalidDataException($"corrupt commit at height {height}: {r.Error}");
    }

    /// <summary>The events of a block's end-of-block hooks (settlement, expiry, eras) as JSON; "[]" when none.</summary>
    public string GetBlockEvents(ulong height)
    {
        using var connection = OpenReader();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT events FROM block_events WHERE height = $h";
        cmd.Parameters.AddWithValue("$h", (long)height);
        return cmd.ExecuteScalar() as string ?? "[]";
    }

    /// <summary>Binds the written part of a reused buffer as a blob (Size truncates it to that length).</summary>
    private static void Blob(SqliteCommand cmd, string name, ArraySegment<byte> bytes)
    {
        var p = cmd.Parameters.Add(name, SqliteType.Blob);
        p.Value = bytes.Array;
        p.Size = bytes.Count;
    }

    /// <summary>The results blob: u32 count, count + 1 u32 offsets into the entries, then each entry (its message and its
    /// events in canonical binary), written into <paramref name="results"/> with <paramref name="entries"/> as scratch.</summary>
    internal static ArraySegment<byte> EncodeResults(IReadOnlyList<TxResult> results, CanonicalWriter entries, CanonicalWriter blob)
    {
        entries.Reset();
        var offsets = new uint[results.Count + 1];
        for (var n = 0; n < results.Count; n++)
        {
            offsets[n] = (uint)entries.Length;
            entries.String(results[n].Rejection?.Message ?? string.Empty);
            EventCodec.Write(entries, results[n].Events);
        }

        offsets[results.Count] = (uint)entries.Length;
        blob.Reset();
        blob.EnsureCapacity(entries.Length + (4 * offsets.Length) + 4);
        blob.U32((uint)results.Count);
        foreach (var o in offsets) blob.U32(o);
        blob.Raw(entries.WrittenSpan);
        return blob.WrittenSegment;
    }

    /// <summary>Where a transaction was committed and what became of it, or null when it is not in the chain.</summary>
    public StoredTxResult? GetTxResult(Hash32 txId)
    {
        using var connection = OpenReader();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT t.height, t.idx, t.code, b.results FROM txs t JOIN blocks b ON b.height = t.height WHERE t.hash = $h";
        cmd.Parameters.AddWithValue("$h", txId.ToArray());
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        var index = r.GetInt32(1);
        var blob = (byte[])r[3];
        var reader = new CanonicalReader(blob);
        var count = reader.U32();
        if (index < 0 || index >= count) throw new InvalidDataException($"corrupt results of block {r.GetInt64(0)}: index {index} of {count} results");
        var headerSize = 4 + (4 * ((int)count + 1));
        var at = new CanonicalReader(blob.AsSpan(4 + (4 * index), 4)).U32();
        var entry = new CanonicalReader(blob.AsSpan(headerSize + (int)at));
        var message = entry.String(int.MaxValue, "message");
        var events = EventJson.Write(EventCodec.Read(ref entry));
        if (!entry.Ok) throw new InvalidDataException($"corrupt results of block {r.GetInt64(0)}: {entry.Error}");
        return new StoredTxResult((ulong)r.GetInt64(0), index, r.IsDBNull(2) ? null : r.GetString(2), message.Length == 0 ? null : message, events);
    }

    /// <summary>Every state entry, streamed (restart loads the state from here).</summary>
    public IEnumerable<KeyValuePair<byte[], byte[]>> ReadState()
    {
        using var connection = OpenReader();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT key, value FROM state";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return new KeyValuePair<byte[], byte[]>((byte[])r[0], (byte[])r[1]);
        }
    }

    /// <summary>Closes the store cleanly: the readers first, then the writer folds the write-ahead log into the database
    /// (so a stopped node leaves one file to back up or copy), then closes.</summary>
    public void Dispose()
    {
        lock (_writeLock)
        {
            SqliteConnection.ClearAllPools();
            _checkpointer?.Dispose();
            if (_db.State == System.Data.ConnectionState.Open && !_readOnly)
            {
                try
                {
                    Exec("PRAGMA wal_checkpoint(TRUNCATE);");
                }
                catch (SqliteException)
                {
                    // Another process still reads (a backup): the log stays and is folded in at the next open.
                }
            }

            // Statements are finalised before their connection closes.
            _insertTx?.Dispose();
            _upsertState?.Dispose();
            _deleteState?.Dispose();
            _db.Dispose();
            _directoryLock?.Dispose();
        }
    }
}

/// <summary>A committed transaction's place in the chain and its outcome.</summary>
public sealed record StoredTxResult(ulong Height, int Index, string? Code, string? Message, string EventsJson);
