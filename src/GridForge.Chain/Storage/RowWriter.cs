using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace GridForge.Chain.Storage;

/// <summary>One SQL statement prepared once on a writer's connection and run for row after row: the block commit's tens of
/// thousands of state and transaction-index rows, the MQTT gateway's queued readings. Microsoft.Data.Sqlite's command binds every
/// parameter by name and boxes its value on each execution, which costs more than SQLite's own insert; this binds by position
/// from spans, straight into SQLite (the same library, through the handle Microsoft.Data.Sqlite opened). The owner serialises
/// access (its write lock) and disposes it before the connection.</summary>
public sealed class RowWriter : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RowWriter(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        if (rc != raw.SQLITE_OK)
        {
            _statement.Dispose();
            throw Failure(rc);
        }
    }

    /// <summary>Binds a blob (an empty one as a zero-length blob, never as NULL) to parameter <paramref name="index"/> (from 1).</summary>
    public RowWriter Blob(int index, ReadOnlySpan<byte> value) =>
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Binds a hash as its 32 bytes (SQLite copies them before this returns).</summary>
    public RowWriter Blob(int index, GridForge.Core.Primitives.Hash32 value)
    {
        Span<byte> bytes = stackalloc byte[GridForge.Core.Primitives.Hash32.Size];
        value.CopyTo(bytes);
        return Blob(index, bytes);
    }

    public RowWriter Integer(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds text, or NULL for null.</summary>
    public RowWriter Text(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>Runs the statement with the values bound; a failure (a full disk, a constraint) throws and the caller's
    /// transaction rolls back.</summary>
    public void Run()
    {
        var rc = raw.sqlite3_step(_statement);
        // Reset whatever happened, so that the statement holds no lock and can run again.
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE) throw Failure(rc);
    }

    public void Dispose() => _statement.Dispose();

    private RowWriter Check(int rc) => rc == raw.SQLITE_OK ? this : throw Failure(rc);

    private SqliteException Failure(int rc) => new($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc,
        raw.sqlite3_extended_errcode(_db));
}
