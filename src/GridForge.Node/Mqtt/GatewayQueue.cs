using System.Buffers.Binary;
using GridForge.Core.Primitives;
using GridForge.Chain.Storage;
using Microsoft.Data.Sqlite;

namespace GridForge.Node.Mqtt;

/// <summary>The gateway's durable queue (<c>mqtt-gateway.db</c> beside the chain): every reading acknowledged to a broker is a row
/// here before the acknowledgement leaves, and stays until its transaction is committed and its outcome published. SQLite in WAL
/// mode with <c>synchronous=FULL</c>, as the chain's own store: a row whose commit returned survives <c>kill -9</c> and a power cut.</summary>
/// <remarks>Tables: <c>readings(seq, reading)</c> (the 136 canonical bytes) and <c>batches(tx, nonce, seqs)</c>, the transaction
/// that carries which readings. A batch row is written before its transaction is submitted, so after a crash the gateway asks the
/// chain what became of every transaction it may have sent. One connection, used under a lock.</remarks>
internal sealed class GatewayQueue : IDisposable
{
    public const string FileName = "mqtt-gateway.db";

    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();
    private readonly RowWriter _addReading, _addBatch, _dropBatch, _dropReading;

    private GatewayQueue(SqliteConnection db)
    {
        _db = db;
        Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
            + "CREATE TABLE IF NOT EXISTS readings(seq INTEGER PRIMARY KEY, reading BLOB NOT NULL);"
            + "CREATE TABLE IF NOT EXISTS batches(tx BLOB PRIMARY KEY, nonce INTEGER NOT NULL, seqs BLOB NOT NULL) WITHOUT ROWID;");
        _addReading = new RowWriter(db, "INSERT INTO readings(seq, reading) VALUES (?1, ?2)");
        _addBatch = new RowWriter(db, "INSERT OR REPLACE INTO batches(tx, nonce, seqs) VALUES (?1, ?2, ?3)");
        _dropBatch = new RowWriter(db, "DELETE FROM batches WHERE tx = ?1");
        _dropReading = new RowWriter(db, "DELETE FROM readings WHERE seq = ?1");
    }

    public static GatewayQueue Open(string path)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            db.Open();
            return new GatewayQueue(db);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Every queued reading, in arrival order.</summary>
    public List<(long Seq, byte[] Reading)> Readings()
    {
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT seq, reading FROM readings ORDER BY seq";
            using var r = cmd.ExecuteReader();
            var list = new List<(long, byte[])>();
            while (r.Read()) list.Add((r.GetInt64(0), (byte[])r[1]));
            return list;
        }
    }

    /// <summary>Every transaction the gateway may have submitted, in nonce order.</summary>
    public List<(Hash32 Tx, ulong Nonce, long[] Seqs)> Batches()
    {
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT tx, nonce, seqs FROM batches ORDER BY nonce";
            using var r = cmd.ExecuteReader();
            var list = new List<(Hash32, ulong, long[])>();
            while (r.Read()) list.Add((new Hash32((byte[])r[0]), (ulong)r.GetInt64(1), Seqs((byte[])r[2])));
            return list;
        }
    }

    /// <summary>Appends readings in one transaction (one fsync for all of them).</summary>
    public void Append(IReadOnlyList<(long Seq, byte[] Reading)> readings) => Write(() =>
    {
        foreach (var (seq, reading) in readings) _addReading.Integer(1, seq).Blob(2, reading).Run();
    });

    /// <summary>Records the transactions about to be submitted and the readings each carries.</summary>
    public void AddBatches(IEnumerable<(Hash32 Tx, ulong Nonce, long[] Seqs)> batches) => Write(() =>
    {
        foreach (var (id, nonce, seqs) in batches) _addBatch.Blob(1, id).Integer(2, (long)nonce).Blob(3, Bytes(seqs)).Run();
    });

    /// <summary>Forgets transactions that can no longer be committed; their readings stay queued for another batch.</summary>
    public void DropBatches(IEnumerable<Hash32> txs) => Finish(txs, []);

    /// <summary>Removes committed transactions and their readings, whose outcomes have been published.</summary>
    public void Finish(IEnumerable<Hash32> txs, IEnumerable<long> seqs) => Write(() =>
    {
        foreach (var id in txs) _dropBatch.Blob(1, id).Run();
        foreach (var seq in seqs) _dropReading.Integer(1, seq).Run();
    });

    /// <summary>Runs <paramref name="rows"/> in one transaction: one fsync; a failure leaves nothing of it.</summary>
    private void Write(Action rows)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            rows();
            tx.Commit();
        }
    }

    private static byte[] Bytes(long[] seqs)
    {
        var bytes = new byte[seqs.Length * 8];
        for (var i = 0; i < seqs.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), seqs[i]);
        return bytes;
    }

    private static long[] Seqs(byte[] bytes)
    {
        var seqs = new long[bytes.Length / 8];
        for (var i = 0; i < seqs.Length; i++) seqs[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 8));
        return seqs;
    }

    private void Exec(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            // Statements are finalised before their connection closes.
            _addReading.Dispose();
            _addBatch.Dispose();
            _dropBatch.Dispose();
            _dropReading.Dispose();
            _db.Dispose();
        }
    }
}
