using System.Text.Json;
using GridForge.Core.Encoding;
using GridForge.Runtime.Execution;
using Microsoft.Data.Sqlite;

namespace GridForge.Chain.Storage;

/// <summary>The block store's layouts and the explicit steps between them (<c>gridforge storage migrate</c>): a node refuses a
/// data directory of another format at start, and an operator migrates it after a backup (docs/operations.md).</summary>
public static class StorageMigrations
{
    /// <summary>One step from a format to the next, run in one SQLite transaction.</summary>
    public sealed record Step(string From, string To, string Description, Action<SqliteConnection, SqliteTransaction, Action<string>> Apply);

    public static IReadOnlyList<Step> Steps { get; } =
    [
        new("1", "2", "transaction results keep their events in canonical binary instead of JSON", V1ToV2),
    ];

    /// <summary>A format change no step can bridge: the data means something else under the new code, so a store written
    /// before cannot be converted, nor its blocks replayed by this version.</summary>
    public sealed record Break(string From, string To, string Reason);

    public static IReadOnlyList<Break> Breaks { get; } =
    [
        new("2", "3", "the runtime's state records changed (exact 128-bit settlement amounts, debts with their creditors, meters' "
            + "service history, payouts' details), and the blocks of a format-2 chain were executed under the old rules: it cannot "
            + "be converted nor replayed by this version. Keep the directory (and its backup) to read its history with the release "
            + "that wrote it; this release starts from a new data directory and the network's new genesis (for a dev chain: delete it)"),
        new("3", "4", "block headers commit to the evidence their blocks carry and commits carry their consensus round (BFT consensus), "
            + "so a format-3 chain's headers and commits cannot be re-encoded without changing every block hash. Keep the directory "
            + "(and its backup) to read its history with the release that wrote it; this release starts from a new data directory and "
            + "the network's new genesis (for a dev chain: delete it)"),
    ];

    /// <summary>The format of the store in <paramref name="dataDirectory"/> ("1" for one written before formats were recorded),
    /// or null when it holds no chain.</summary>
    public static string? FormatOf(string dataDirectory) => Describe(dataDirectory)?.Format;

    /// <summary>What a store says of itself (any format): chain id, genesis hash, height and format; null when it holds no chain.</summary>
    public static (string ChainId, string GenesisHash, ulong Height, string Format)? Describe(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "chain.db");
        if (!File.Exists(path)) return null;
        using var db = Open(path, SqliteOpenMode.ReadOnly);
        if (Meta(db, null, "genesis_hash") is not { } genesis) return null;
        var height = ulong.Parse(Meta(db, null, "height") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        return (Meta(db, null, "chain_id") ?? "", genesis, height, Meta(db, null, "format") ?? "1");
    }

    /// <summary>The steps from <paramref name="from"/> to the format this code reads; empty when it is current; null when no
    /// path exists (<see cref="WhyNot"/> says why).</summary>
    public static IReadOnlyList<Step>? Plan(string from) => Walk(from).Steps;

    /// <summary>Why a store of format <paramref name="from"/> cannot be brought to the current format (a <see cref="Break"/> on
    /// the way, or a store written by a newer version); null when it can.</summary>
    public static string? WhyNot(string from) => Walk(from).Refusal;

    private static (IReadOnlyList<Step>? Steps, string? Refusal) Walk(string from)
    {
        var plan = new List<Step>();
        var at = from;
        while (at != BlockStore.StorageFormat)
        {
            if (Steps.FirstOrDefault(s => s.From == at) is { } step)
            {
                plan.Add(step);
                at = step.To;
            }
            else if (Breaks.FirstOrDefault(b => b.From == at) is { } gap)
            {
                return (null, $"storage format {gap.From} cannot be migrated to format {gap.To}: {gap.Reason}");
            }
            else
            {
                return (null, $"storage format {at} is not one this version (format {BlockStore.StorageFormat}) knows: it was written by a newer gridforge; " +
                    $"use that version or a newer one");
            }
        }

        return (plan, null);
    }

    /// <summary>Runs every step from the store's format to the current one, each in its own transaction (a crash leaves the
    /// store at the last finished step); <paramref name="progress"/> hears each step and its counts.</summary>
    public static IReadOnlyList<Step> Migrate(string dataDirectory, Action<string> progress)
    {
        var format = FormatOf(dataDirectory) ?? throw new InvalidOperationException($"{dataDirectory} holds no chain");
        var (plan, refusal) = Walk(format);
        if (plan is null) throw new InvalidOperationException($"{dataDirectory}: {refusal}");
        if (plan.Count > 0) Run(dataDirectory, plan, progress);
        return plan;
    }

    /// <summary>Runs <paramref name="steps"/> on the store, each in its own transaction that also records its format, holding
    /// the data directory's lock.</summary>
    internal static void Run(string dataDirectory, IReadOnlyList<Step> steps, Action<string> progress)
    {
        using var directoryLock = DataDirectoryLock.Acquire(dataDirectory, "gridforge storage migrate");
        using var db = Open(Path.Combine(dataDirectory, "chain.db"), SqliteOpenMode.ReadWrite);
        Exec(db, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        foreach (var step in steps)
        {
            progress($"format {step.From} → {step.To}: {step.Description}");
            using var tx = db.BeginTransaction();
            step.Apply(db, tx, progress);
            using (var cmd = db.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT OR REPLACE INTO meta (key, value) VALUES ('format', $v)";
                cmd.Parameters.AddWithValue("$v", System.Text.Encoding.UTF8.GetBytes(step.To));
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        }

        Exec(db, null, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        db.Open();
        return db;
    }

    private static void Exec(SqliteConnection db, SqliteTransaction? tx, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string? Meta(SqliteConnection db, SqliteTransaction? tx, string key)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT value FROM meta WHERE key = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : null;
    }

    /// <summary>Rewrites every block's results blob, each entry's events from JSON text to <see cref="EventCodec"/>.</summary>
    private static void V1ToV2(SqliteConnection db, SqliteTransaction tx, Action<string> progress)
    {
        using var read = db.CreateCommand();
        read.Transaction = tx;
        read.CommandText = "SELECT height, results FROM blocks ORDER BY height";
        using var write = db.CreateCommand();
        write.Transaction = tx;
        write.CommandText = "UPDATE blocks SET results = $r WHERE height = $h";
        var r = write.Parameters.Add("$r", SqliteType.Blob);
        var h = write.Parameters.Add("$h", SqliteType.Integer);
        var rows = new List<(long Height, byte[] Results)>();
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read()) rows.Add((reader.GetInt64(0), (byte[])reader[1]));
        }

        foreach (var (height, blob) in rows)
        {
            // The format-2 writer itself; only the message and the events are stored, so the id and code here are placeholders.
            var results = ReadV1(blob, height).Select(
                e => new TxResult(Core.Primitives.Hash32.Zero, e.Message.Length == 0 ? null : new Runtime.Rejection("", e.Message), e.Events)).ToList();
            var written = BlockStore.EncodeResults(results, new CanonicalWriter(), new CanonicalWriter());
            r.Value = written.AsSpan().ToArray();
            h.Value = height;
            write.ExecuteNonQuery();
        }

        progress($"  {rows.Count} blocks rewritten");
    }

    private static List<(string Message, IReadOnlyList<Event> Events)> ReadV1(byte[] blob, long height)
    {
        var reader = new CanonicalReader(blob);
        var count = (int)reader.U32();
        var headerSize = 4 + (4 * (count + 1));
        var list = new List<(string, IReadOnlyList<Event>)>(count);
        for (var i = 0; i < count; i++)
        {
            var at = new CanonicalReader(blob.AsSpan(4 + (4 * i), 4)).U32();
            var entry = new CanonicalReader(blob.AsSpan(headerSize + (int)at));
            var message = entry.String(int.MaxValue, "message");
            var json = entry.String(int.MaxValue, "events");
            if (!entry.Ok) throw new InvalidDataException($"block {height}: result {i} is not in format 1: {entry.Error}");
            list.Add((message, ParseEvents(json)));
        }

        return list;
    }

    /// <summary>Events from the JSON format 1 stored (<see cref="EventJson"/>), attributes in their order.</summary>
    public static IReadOnlyList<Event> ParseEvents(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var events = new List<Event>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var attributes = e.GetProperty("attributes").EnumerateObject().Select(a => new KeyValuePair<string, string>(a.Name, a.Value.GetString() ?? ""))
                .ToArray();
            events.Add(new Event(e.GetProperty("module").GetString()!, e.GetProperty("kind").GetString()!, attributes));
        }

        return events;
    }
}
