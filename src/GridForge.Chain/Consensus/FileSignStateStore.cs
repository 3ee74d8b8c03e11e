using GridForge.Consensus.Signing;

namespace GridForge.Chain.Consensus;

/// <summary>A validator's last signed height, round and step in a file (<c>sign_state.bin</c> in its home). Save writes a
/// temporary file, flushes it to disk, renames it over the old one and flushes the directory, so after a crash at any
/// point the file holds either the old record or the new one, never a torn one; it returns only then, so a signature never
/// leaves the process before its record is durable. A file that does not decode stops the validator (it must not sign
/// without knowing what it signed).</summary>
public sealed class FileSignStateStore(string path) : ISignStateStore
{
    public string Path { get; } = path;

    public SignState? Load()
    {
        if (!File.Exists(Path)) return null;
        try
        {
            return SignState.Decode(File.ReadAllBytes(Path));
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            throw new InvalidDataException($"{Path} does not hold a sign state ({e.Message}); the validator will not sign without its record of what it signed", e);
        }
    }

    public void Save(SignState state)
    {
        var temporary = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, options))
        {
            file.Write(state.Encode());
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
        FlushDirectory();
    }

    /// <summary>fsync of the directory, so that the rename itself survives a power loss (Linux; elsewhere a no-op).</summary>
    private void FlushDirectory()
    {
        if (!OperatingSystem.IsLinux()) return;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0) return;
        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPStr)] string path, int flags);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
