using Microsoft.Data.Sqlite;

namespace GridForge.Chain.Storage;

/// <summary>Folds the store's write-ahead log into the database file on a thread of its own, after each block, instead of in the
/// block's commit. SQLite's automatic checkpoint runs inside the commit that crosses its threshold: it copies every page the
/// log holds into the database file and syncs it, on the block producer's thread, before the next block can start (a third
/// to half of a reading-heavy block's commit time here). A passive checkpoint on another connection does the same copy
/// without blocking the writer or the readers; the writer's own automatic checkpoint stays only as a backstop, far above
/// what this one lets the log reach. Durability is unchanged: a commit is durable once its log frames are synced, whoever
/// folds them later.</summary>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>The writer's automatic checkpoint, in log pages (4 KiB each: 64 MiB, two of the heaviest blocks of readings):
    /// reached only if this one stops keeping up.</summary>
    public const int BackstopPages = 16_384;

    /// <summary>The size the log file is cut back to once it has been folded in (SQLite's <c>journal_size_limit</c>).</summary>
    public const long LogSizeLimit = BackstopPages * 4_096L;

    private readonly SqliteConnection _db;
    // One waiting request stands for any number made meanwhile.
    private readonly SemaphoreSlim _due = new(0, 1);
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _runs;

    public WalCheckpointer(string connectionString)
    {
        _db = new SqliteConnection(connectionString);
        _db.Open();
        // Its own thread: a checkpoint blocks on the disk for as long as it copies, which a pool thread should not.
        _thread = new Thread(Run) { IsBackground = true, Name = "gridforge wal checkpoint" };
        _thread.Start();
    }

    /// <summary>Checkpoints that ran to the end (every frame the log held when it started is in the database file).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>A block was committed: fold the log soon.</summary>
    public void Nudge()
    {
        try
        {
            _due.Release();
        }
        catch (SemaphoreFullException)
        {
            // A request is waiting already.
        }
    }

    private void Run()
    {
        while (true)
        {
            _due.Wait();
            if (_stopping) return;
            try
            {
                using var cmd = _db.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                using var r = cmd.ExecuteReader();
                // busy (1 when it could not run at all), frames in the log, frames now in the database file.
                if (r.Read() && r.GetInt64(0) == 0 && r.GetInt64(1) == r.GetInt64(2)) Interlocked.Increment(ref _runs);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Never the process's end: the next block asks again, and the writer's backstop bounds the log meanwhile
                // (a checkpoint that keeps failing shows as fewer Runs and a log at the backstop; not reported further yet).
            }
        }
    }

    /// <summary>Stops after the checkpoint under way (if any) and closes the connection.</summary>
    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        Nudge();
        _thread.Join();
        _db.Dispose();
        _due.Dispose();
    }
}
