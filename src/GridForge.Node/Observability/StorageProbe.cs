namespace GridForge.Node.Observability;

/// <summary>Checks on the data directory an operator cares about: is it writable, and how full is its filesystem.</summary>
public static class StorageProbe
{
    /// <summary>Bytes available to the process and the size of the filesystem holding <paramref name="directory"/>; null when
    /// the system does not say.</summary>
    public static (long Available, long Size)? Filesystem(string directory)
    {
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(directory));
            return (drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Null when a file can be created, written, flushed and deleted in <paramref name="directory"/>; otherwise why not.</summary>
    public static string? Writable(string directory)
    {
        var probe = Path.Combine(directory, $".gridforge-write-probe-{Environment.ProcessId}");
        try
        {
            using (var file = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough))
            {
                file.WriteByte(1);
                file.Flush(flushToDisk: true);
            }

            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
