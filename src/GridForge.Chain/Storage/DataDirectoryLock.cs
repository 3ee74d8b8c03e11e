namespace GridForge.Chain.Storage;

/// <summary>One writer per data directory: the node holds <c>node.lock</c> (an exclusive advisory lock, <c>flock</c> on
/// Linux) for as long as its store is open, and so do <c>gridforge storage migrate</c> and <c>gridforge restore</c>. A second
/// node started on the same directory — the same chain and the same validator key, which would sign two blocks at a height —
/// or a migration or restore under a running node is refused with what to do. The kernel releases the lock when its
/// process dies, so a crash never leaves a directory locked (docs/operations.md).</summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "node.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of <paramref name="dataDirectory"/> (created when missing) for <paramref name="holder"/>
    /// (written into the file for whoever looks); throws <see cref="DataDirectoryInUseException"/> when another holds it.</summary>
    public static DataDirectoryLock Acquire(string dataDirectory, string holder)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new DataDirectoryInUseException(dataDirectory);
        }

        try
        {
            file.SetLength(0);
            file.Write(System.Text.Encoding.UTF8.GetBytes($"{holder} (pid {Environment.ProcessId})\n"));
            file.Flush();
        }
        catch (IOException)
        {
            // Only informative: the lock is held whether or not the note could be written.
        }

        return new DataDirectoryLock(file);
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>The data directory is held by another process (a running node, a migration or a restore).</summary>
public sealed class DataDirectoryInUseException(string dataDirectory)
    : InvalidOperationException($"{dataDirectory} is in use by another gridforge process (a running node, a storage migration or a restore): stop it first, or use another data directory");
