using System.Globalization;

namespace GridForge.Chain.Storage;

/// <summary>One writer per data directory: the file <c>node.lock</c> held open with no sharing (an advisory <c>flock</c> on Linux
/// and macOS, a share-mode lock on Windows) by whatever writes the directory — a node's store for as long as it is open
/// (<see cref="BlockStore.Open"/>), <c>gridforge storage migrate</c>, <c>gridforge restore</c> — and released by the operating
/// system when the process ends, however it ends. A second node on the same directory (the same chain and validator key: two
/// blocks at a height), or a migration or restore under a running node, cannot take it and stops at once with what to do.
/// The file names the holder's process id and what it is, for the message (docs/operations.md).</summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "node.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>Takes the lock for <paramref name="holder"/>, creating the directory if needed; throws
    /// <see cref="DataDirectoryInUseException"/> with a sentence for a person when another process holds it.</summary>
    public static DataDirectoryLock Acquire(string dataDirectory, string holder = "gridforge node")
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
            var other = "";
            try
            {
                using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(read);
                other = reader.ReadToEnd().Trim() is { Length: > 0 } text ? $" (process {text})" : "";
            }
            catch (IOException)
            {
                // The holder's id is only for the message.
            }

            throw new DataDirectoryInUseException(Path.GetFullPath(dataDirectory), other);
        }

        try
        {
            file.SetLength(0);
            file.Write(System.Text.Encoding.UTF8.GetBytes($"{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}, {holder}\n"));
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

/// <summary>The data directory is held by another process (a running node, a storage migration or a restore).</summary>
public sealed class DataDirectoryInUseException(string dataDirectory, string holder)
    : InvalidOperationException($"{dataDirectory} is in use by another GridForge node{holder}; stop it first (a storage migration or a restore waits for it " +
        $"too), or give this node its own --data directory");
