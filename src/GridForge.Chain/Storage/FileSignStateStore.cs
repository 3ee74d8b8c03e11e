using System.Runtime.InteropServices;
using GridForge.Consensus.Signing;

namespace GridForge.Chain.Storage;

/// <summary>A validator's sign state in a file of its data directory (<c>consensus-sign-state</c>), written atomically and
/// durably: a temporary file is written and fsynced, renamed over the old one, and the directory is fsynced, all before
/// <see cref="Save"/> returns — so before the signature it guards leaves the process. A crash at any point leaves the
/// old state or the new one, never a torn file.</summary>
public sealed partial class FileSignStateStore(string path) : ISignStateStore
{
    public const string FileName = "consensus-sign-state";

    public string Path { get; } = path;

    public static FileSignStateStore In(string dataDirectory) => new(System.IO.Path.Combine(dataDirectory, FileName));

    public SignState? Load()
    {
        if (!File.Exists(Path)) return null;
        var bytes = File.ReadAllBytes(Path);
        try
        {
            return SignState.Decode(bytes);
        }
        catch (InvalidDataException e)
        {
            // Never sign on a state that cannot be read: an operator must look (docs/consensus.md).
            throw new InvalidDataException($"{Path} is unreadable ({e.Message}); the validator will not sign until it is restored", e);
        }
    }

    public void Save(SignState state)
    {
        var temp = Path + ".tmp";
        using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            f.Write(state.Encode());
            f.Flush(flushToDisk: true);
        }

        File.Move(temp, Path, overwrite: true);
        FsyncDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
    }

    /// <summary>Makes a rename durable: fsync of the directory that holds the file (POSIX; Windows renames are durable
    /// with the write-through file).</summary>
    private static void FsyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"cannot open {directory} to make the sign state durable (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync of {directory} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
