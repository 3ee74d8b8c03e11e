namespace GridForge.Tests;

/// <summary>The repository the tests run from (compiled into every test project by Directory.Build.props).</summary>
internal static class Repository
{
    /// <summary>The repository's root: the first directory above the test binaries holding GridForge.slnx.</summary>
    public static string Root { get; } = Find();

    /// <summary>A path under the root, from its parts.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GridForge.slnx"))) return dir.FullName;
        }

        throw new DirectoryNotFoundException("the repository root (GridForge.slnx) is not above the test binaries");
    }
}
