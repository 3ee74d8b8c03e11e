using System.Buffers.Binary;
using GridForge.Core.Primitives;
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

    private GatewayQueue(SqliteConnection db) => _db = db;

    public static GatewayQueue Open(string path)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        var queue = new GatewayQueue(db);
        queue.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
            + "CREATE TABLE IF NOT EXISTS readings(seq INTEGER PRIMARY KEY, reading BLOB NOT NULL);"
            + "CREATE TABLE IF NOT EXISTS batches(tx BLOB PRIMARY KEY, nonce INTEGER NOT NULL, seqs BLOB NOT NULL) WITHOUT ROWID;");
        return queue;
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
    public void Append(IReadOnlyList<(long Seq, byte[] Reading)> readings)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            using var cmd = _db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO readings(seq, reading) VALUES ($s, $r)";
            var seq = cmd.Parameters.Add("$s", SqliteType.Integer);
            var reading = cmd.Parameters.Add("$r", SqliteType.Blob);
            foreach (var (s, r) in readings)
            {
                seq.Value = s;
                reading.Value = r;
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        }
    }

    /// <summary>Records the transactions about to be submitted and the readings each carries.</summary>
    public void AddBatches(IEnumerable<(Hash32 Tx, ulong Nonce, long[] Seqs)> batches)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            using var cmd = _db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR REPLACE INTO batches(tx, nonce, seqs) VALUES ($t, $n, $s)";
            var id = cmd.Parameters.Add("$t", SqliteType.Blob);
            var nonce = cmd.Parameters.Add("$n", SqliteType.Integer);
            var seqs = cmd.Parameters.Add("$s", SqliteType.Blob);
            foreach (var b in batches)
            {
                id.Value = b.Tx.ToArray();
                nonce.Value = (long)b.Nonce;
                seqs.Value = Bytes(b.Seqs);
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        }
    }

    /// <summary>Forgets transactions that can no longer be committed; their readings stay queued for another batch.</summary>
    public void DropBatches(IEnumerable<Hash32> txs) => Delete(txs, []);

    /// <summary>Removes committed transactions and their readings, whose outcomes have been published.</summary>
    public void Finish(IEnumerable<Hash32> txs, IEnumerable<long> seqs) => Delete(txs, seqs);

    private void Delete(IEnumerable<Hash32> txs, IEnumerable<long> seqs)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            using (var cmd = _db.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "DELETE FROM batches WHERE tx = $t";
                var id = cmd.Parameters.Add("$t", SqliteType.Blob);
                foreach (var t in txs)
                {
                    id.Value = t.ToArray();
                    cmd.ExecuteNonQuery();
                }
            }

            using (var cmd = _db.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "DELETE FROM readings WHERE seq = $s";
                var seq = cmd.Parameters.Add("$s", SqliteType.Integer);
                foreach (var s in seqs)
                {
                    seq.Value = s;
                    cmd.ExecuteNonQuery();
                }
            }

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
        lock (_lock) _db.Dispose();
    }
}
