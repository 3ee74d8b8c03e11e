using System.Globalization;

namespace GridForge.Chain.Storage;

/// <summary>An exclusive lock on a node's data directory for as long as the node runs: the file <c>node.lock</c> held open with no
/// sharing (an advisory <c>flock</c> on Linux and macOS, a share-mode lock on Windows), released by the operating system when the
/// process ends, however it ends. A second node on the same directory cannot take it and stops at once, instead of serving a
/// state it does not write and producing no blocks. The file names the holder's process id, for the message.</summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "node.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, creating the directory if needed; throws <see cref="InvalidOperationException"/> with a sentence
    /// for a person when another process holds it.</summary>
    public static DataDirectoryLock Acquire(string dataDirectory)
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
            var holder = "";
            try
            {
                using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(read);
                holder = reader.ReadToEnd().Trim() is { Length: > 0 } pid ? $" (process {pid})" : "";
            }
            catch (IOException)
            {
                // The holder's id is only for the message.
            }

            throw new InvalidOperationException(
                $"{Path.GetFullPath(dataDirectory)} is in use by another GridForge node{holder}; stop it first, or give this node its own --data directory");
        }

        file.SetLength(0);
        var text = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        file.Write(text);
        file.Flush();
        return new DataDirectoryLock(file);
    }

    public void Dispose() => _file.Dispose();
}
