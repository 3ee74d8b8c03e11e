namespace GridForge.Chain.Tests.Harness;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gridforge-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        // SQLite may still be closing a pooled reader (and rewriting -wal/-shm) as the node goes away.
        for (var attempt = 0; Directory.Exists(Path); attempt++)
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException) when (attempt < 10)
            {
                Thread.Sleep(20);
            }
            catch (IOException)
            {
                return; // a directory left behind must not fail a test that passed
            }
        }
    }
}
