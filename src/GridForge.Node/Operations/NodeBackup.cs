using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using GridForge.Chain.Storage;
using Microsoft.Data.Sqlite;

namespace GridForge.Node.Operations;

/// <summary>What a backup holds, written first in the archive (<c>manifest.json</c>).</summary>
public sealed record BackupManifest
{
    public const int CurrentFormat = 1;

    [JsonPropertyName("backup_format")] public int BackupFormat { get; init; } = CurrentFormat;
    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; }
    [JsonPropertyName("chain_id")] public string ChainId { get; init; } = "";
    [JsonPropertyName("genesis_hash")] public string GenesisHash { get; init; } = "";
    [JsonPropertyName("height")] public ulong Height { get; init; }
    [JsonPropertyName("storage_format")] public string StorageFormat { get; init; } = "";
    [JsonPropertyName("includes_keys")] public bool IncludesKeys { get; init; }
    [JsonPropertyName("files")] public IReadOnlyList<BackupFile> Files { get; init; } = [];
}

/// <summary>One file of a backup: its place (<c>data/…</c> in the data directory, <c>home/…</c> in the node's home), size and SHA-256.</summary>
public sealed record BackupFile([property: JsonPropertyName("path")] string Path, [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary>A backup or restore that cannot be done as asked.</summary>
public sealed class BackupException(string message) : Exception(message);

/// <summary><c>gridforge backup</c> and <c>gridforge restore</c> (docs/operations.md): a consistent copy of a node taken while it
/// runs — every SQLite database of its data directory through SQLite's online backup API (the chain, the MQTT gateway's durable
/// queue, the sandbox bank), each a snapshot of one committed transaction — with the home's configuration and genesis, and its
/// keys only when asked (a key in a backup is a key in every place the backup is copied to). A tar.gz with a manifest of
/// SHA-256 sums; restore checks every sum before it writes anything in place.</summary>
public static class NodeBackup
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    // Left out: SQLite's side files (the snapshot holds their content), the health probe, the directory's lock, and the validator's
    // sign state (its record of what it signed: an old copy restored would let it sign again what it signed since — a double
    // sign; a restore keeps the one the data directory already has).
    private static bool Skipped(string name) =>
        name.EndsWith("-wal", StringComparison.Ordinal) || name.EndsWith("-shm", StringComparison.Ordinal)
            || name.EndsWith("-journal", StringComparison.Ordinal)
        || name.StartsWith(".gridforge-write-probe", StringComparison.Ordinal) || name == DataDirectoryLock.FileName
        || name == FileSignStateStore.FileName || name.StartsWith(FileSignStateStore.FileName + ".", StringComparison.Ordinal);

    /// <summary>A manifest's path as a backup writes it: <c>data/</c> or <c>home/</c> and a plain file name. Anything else (a
    /// folder, <c>..</c>, an absolute path) is refused: a crafted archive must not write outside the data directory and the home.</summary>
    private static bool IsPlainEntry(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || path[..slash] is not ("data" or "home")) return false;
        var name = path[(slash + 1)..];
        return name.Length > 0 && name is not ("." or "..") && name.IndexOfAny(['/', '\\', '\0']) < 0 && !Skipped(name);
    }

    /// <summary>Writes a backup of <paramref name="dataDirectory"/> (and of <paramref name="homeFiles"/>, the home's configuration
    /// and genesis; <paramref name="keyFiles"/> only when given) to <paramref name="outFile"/>.</summary>
    public static BackupManifest Create(string dataDirectory, IReadOnlyList<string> homeFiles, IReadOnlyList<string> keyFiles, string outFile,
        Action<string> progress)
    {
        if (StorageMigrations.Describe(dataDirectory) is null) throw new BackupException($"{dataDirectory} holds no chain");
        var staging = Directory.CreateTempSubdirectory("gridforge-backup-");
        try
        {
            var files = new List<(string Path, string Source)>();
            // The chain first: its height names the backup.
            foreach (var source in Directory.EnumerateFiles(dataDirectory).OrderBy(f => Path.GetFileName(f) == "chain.db" ? 0 : 1)
                .ThenBy(f => f, StringComparer.Ordinal))
            {
                var name = Path.GetFileName(source);
                if (Skipped(name)) continue;
                var copy = Path.Combine(staging.FullName, name);
                if (name.EndsWith(".db", StringComparison.Ordinal)) Snapshot(source, copy);
                else File.Copy(source, copy);
                files.Add(("data/" + name, copy));
                progress($"data/{name}: {new FileInfo(copy).Length:N0} bytes");
            }

            foreach (var source in homeFiles.Concat(keyFiles).Where(File.Exists))
            {
                files.Add(("home/" + Path.GetFileName(source), source));
                progress($"home/{Path.GetFileName(source)}");
            }

            // Described from the snapshot itself (of any storage format: a backup comes before a migration).
            var chain = StorageMigrations.Describe(staging.FullName) ?? throw new BackupException($"{dataDirectory}: the snapshot holds no chain");
            var manifest = new BackupManifest
            {
                Created = DateTimeOffset.UtcNow,
                ChainId = chain.ChainId,
                GenesisHash = chain.GenesisHash,
                Height = chain.Height,
                StorageFormat = chain.Format,
                IncludesKeys = keyFiles.Any(File.Exists),
                Files = [.. files.Select(f => new BackupFile(f.Path, new FileInfo(f.Source).Length, Sha256(f.Source)))],
            };
            var partial = outFile + ".partial";
            using (var output = File.Create(partial))
            {
                if (manifest.IncludesKeys && !OperatingSystem.IsWindows()) File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                using var gzip = new GZipStream(output, CompressionLevel.Fastest);
                using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
                var manifestEntry = new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream =
                    new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, Json)) };
                tar.WriteEntry(manifestEntry);
                foreach (var (path, source) in files) tar.WriteEntry(source, path);
            }

            File.Move(partial, outFile, overwrite: true);
            return manifest;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            staging.Delete(recursive: true);
        }
    }

    /// <summary>A consistent copy of a live SQLite database: the online backup API copies every page within one read
    /// transaction, so the copy is the database as one commit left it, whatever the node writes meanwhile.</summary>
    private static void Snapshot(string source, string destination)
    {
        using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling =
            false }.ToString());
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ToString());
        from.Open();
        to.Open();
        from.BackupDatabase(to);
        // A standalone file: no write-ahead log beside it.
        using var cmd = to.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=DELETE;";
        cmd.ExecuteNonQuery();
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Reads a backup's manifest.</summary>
    public static BackupManifest ReadManifest(string backupFile)
    {
        using var input = File.OpenRead(backupFile);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var first = tar.GetNextEntry() ?? throw new BackupException($"{backupFile} is empty");
        if (first.Name != "manifest.json" || first.DataStream is null) throw new BackupException($"{backupFile} is not a GridForge backup (no manifest first)");
        return JsonSerializer.Deserialize<BackupManifest>(first.DataStream, Json) ?? throw new BackupException($"{backupFile}: empty manifest");
    }

    /// <summary>Restores <paramref name="backupFile"/>: the data directory's files into <paramref name="dataDirectory"/> (which must
    /// hold no chain unless <paramref name="force"/>, when the old one is moved aside), the home's files into <paramref name="home"/>
    /// where it has none of its own. Every file is checked against the manifest before anything is put in place.</summary>
    public static BackupManifest Restore(string backupFile, string dataDirectory, string? home, bool force, Action<string> progress)
    {
        if (!File.Exists(backupFile)) throw new BackupException($"{backupFile} does not exist");
        if (StorageMigrations.FormatOf(dataDirectory) is not null && !force)
        {
            throw new BackupException($"{dataDirectory} already holds a chain: stop its node and restore with --force (the old data is kept beside it), or " +
                $"restore elsewhere");
        }

        // Held while the data directory is replaced: a node started meanwhile (or one still running) is refused, and this
        // restore is refused while a node runs on it.
        using var directoryLock = Directory.Exists(dataDirectory) ? DataDirectoryLock.Acquire(dataDirectory, "gridforge restore") : null;
        var parent = Path.GetDirectoryName(Path.GetFullPath(dataDirectory))!;
        Directory.CreateDirectory(parent);
        // Staged beside the target, on its filesystem: the files are then moved in place, not copied.
        var staging = Directory.CreateDirectory(Path.Combine(parent, $".gridforge-restore-{Guid.NewGuid():N}"));
        try
        {
            BackupManifest? manifest = null;
            using (var input = File.OpenRead(backupFile))
            using (var gzip = new GZipStream(input, CompressionMode.Decompress))
            using (var tar = new TarReader(gzip))
            {
                while (tar.GetNextEntry() is { } entry)
                {
                    if (entry.Name == "manifest.json")
                    {
                        manifest = JsonSerializer.Deserialize<BackupManifest>(entry.DataStream!, Json);
                        continue;
                    }

                    if (manifest is null) throw new BackupException($"{backupFile} is not a GridForge backup (no manifest first)");
                    var file = manifest.Files.FirstOrDefault(f => f.Path == entry.Name)
                        ?? throw new BackupException($"{backupFile}: {entry.Name} is not in its manifest");
                    // Names come from the manifest's own list, and only one level deep: nothing is written outside the staging folder.
                    if (!IsPlainEntry(file.Path) || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                    {
                        throw new BackupException($"{backupFile}: bad entry {file.Path} (not a plain file under data/ or home/)");
                    }

                    var local = Path.Combine(staging.FullName, file.Path.Replace('/', '_'));
                    entry.ExtractToFile(local, overwrite: true);
                    if (Sha256(local) != file.Sha256) throw new BackupException($"{backupFile}: {file.Path} does not match its checksum (a damaged backup)");
                }
            }

            if (manifest is null) throw new BackupException($"{backupFile} is not a GridForge backup");
            if (manifest.BackupFormat != BackupManifest.CurrentFormat) throw new BackupException(
                $"{backupFile} is backup format {manifest.BackupFormat}; this version reads {BackupManifest.CurrentFormat}");
            if (manifest.Files.FirstOrDefault(f => !IsPlainEntry(f.Path)) is { } bad) throw new BackupException(
                $"{backupFile}: bad entry {bad.Path} (not a plain file under data/ or home/)");
            if (manifest.Files.GroupBy(f => f.Path).FirstOrDefault(g => g.Count() > 1) is { } twice) throw new BackupException(
                $"{backupFile}: {twice.Key} is listed twice");
            foreach (var f in manifest.Files)
            {
                if (!File.Exists(Path.Combine(staging.FullName, f.Path.Replace('/', '_')))) throw new BackupException(
                    $"{backupFile}: {f.Path} is missing (a truncated backup)");
            }

            string? signState = null;
            if (Directory.Exists(dataDirectory) && Directory.EnumerateFileSystemEntries(dataDirectory)
                .Any(e => Path.GetFileName(e) != DataDirectoryLock.FileName))
            {
                var aside = $"{Path.GetFullPath(dataDirectory).TrimEnd(Path.DirectorySeparatorChar)}.before-restore-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}";
                Directory.Move(dataDirectory, aside);
                progress($"the old data directory is kept at {aside}");
                if (File.Exists(Path.Combine(aside, FileSignStateStore.FileName))) signState = Path.Combine(aside, FileSignStateStore.FileName);
            }

            Directory.CreateDirectory(dataDirectory);
            if (signState is not null)
            {
                // The validator's newest record of what it signed stays with it: it never signs again what it signed after the backup.
                File.Copy(signState, Path.Combine(dataDirectory, FileSignStateStore.FileName));
                var signed = new FileSignStateStore(signState).Load();
                progress($"kept the validator's sign state (it signed up to height {signed?.Height}): it never signs again at a step it signed "
                    + "(docs/operations.md, \"Backups and restores\")");
            }

            foreach (var f in manifest.Files)
            {
                var local = Path.Combine(staging.FullName, f.Path.Replace('/', '_'));
                var name = Path.GetFileName(f.Path);
                if (f.Path.StartsWith("data/", StringComparison.Ordinal))
                {
                    File.Move(local, Path.Combine(dataDirectory, name));
                    progress($"{f.Path} → {Path.Combine(dataDirectory, name)}");
                }
                else if (home is not null)
                {
                    var target = Path.Combine(home, name);
                    if (File.Exists(target))
                    {
                        progress($"{f.Path}: {target} exists, kept as it is");
                        continue;
                    }

                    Directory.CreateDirectory(home);
                    File.Move(local, target);
                    if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    progress($"{f.Path} → {target}");
                }
            }

            return manifest;
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }
}
