using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using GridForge.Chain;
using GridForge.Chain.Storage;
using GridForge.Core.Crypto;
using GridForge.Node.Operations;

namespace GridForge.Node.Tests.Operations;

/// <summary><see cref="NodeBackup"/>'s refusals: a crafted archive writes nothing outside the data directory and the home, and
/// a restore never replaces the data directory of a running node.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gridforge-backup-test-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    /// <summary>A stopped dev chain of a few blocks in <c>source/</c>, backed up.</summary>
    private (string Data, string Archive) AChainAndItsBackup()
    {
        var data = Path.Combine(_root, "source");
        using (var chain = ChainNode.Open(data, DevChain.Genesis(1_800_000_000), DevAccounts.Key("validator")))
        {
            for (var i = 1; i <= 3; i++) chain.ProduceBlock(1_800_000_000 + i);
        }

        var archive = Path.Combine(_root, "backup.tar.gz");
        NodeBackup.Create(data, [], [], archive, _ => { });
        return (data, archive);
    }

    [Fact]
    public void ABackup_HoldsTheChainAtItsHeight_AndNeverTheLockFile()
    {
        var (data, archive) = AChainAndItsBackup();
        using var running = ChainNode.Open(data, null, DevAccounts.Key("validator"));

        var manifest = NodeBackup.Create(data, [], [], archive, _ => { });

        Assert.Equal(3UL, manifest.Height);
        Assert.Contains(manifest.Files, f => f.Path == "data/chain.db");
        Assert.DoesNotContain(manifest.Files, f => f.Path.EndsWith(DataDirectoryLock.FileName, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("data/../escaped.db")]
    [InlineData("home/..")]
    [InlineData("data/sub/chain.db")]
    [InlineData("elsewhere/chain.db")]
    [InlineData("/tmp/chain.db")]
    public void ACraftedArchiveWhoseEntryLeavesTheDataDirectory_IsRefused_AndWritesNothing(string path)
    {
        var archive = Path.Combine(_root, "crafted.tar.gz");
        var content = "not a database"u8.ToArray();
        var manifest = new BackupManifest
        {
            ChainId = "gridforge-dev",
            Height = 1,
            StorageFormat = BlockStore.StorageFormat,
            Files = [new BackupFile(path, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)))],
        };
        using (var output = File.Create(archive))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream =
                new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest)) });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) });
        }

        var target = Path.Combine(_root, "target", "data");
        var refused = Assert.Throws<BackupException>(() => NodeBackup.Restore(archive, target, Path.Combine(_root, "target"), force: false, _ => { }));

        Assert.Contains("bad entry", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "target", "escaped.db")));
        Assert.False(Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any());
    }

    [Fact]
    public void RestoreWithForce_IsRefusedWhileANodeRunsOnTheDataDirectory_AndChangesNothing()
    {
        var (data, archive) = AChainAndItsBackup();
        using var running = ChainNode.Open(data, null, DevAccounts.Key("validator"));
        running.ProduceBlock(1_800_000_004);

        Assert.Throws<DataDirectoryInUseException>(() => NodeBackup.Restore(archive, data, null, force: true, _ => { }));

        Assert.Equal(4UL, running.Height);
        Assert.Equal(4UL, StorageMigrations.Describe(data)!.Value.Height);
        Assert.Empty(Directory.EnumerateDirectories(_root, "source.before-restore-*"));
    }

    [Fact]
    public void RestoreWithForce_KeepsTheValidatorsSignState_SoItNeverSignsAgainAtAStepItSigned()
    {
        var (data, archive) = AChainAndItsBackup();
        Assert.DoesNotContain(NodeBackup.ReadManifest(archive).Files, f => f.Path.Contains(FileSignStateStore.FileName, StringComparison.Ordinal));
        using (var later = ChainNode.Open(data, null, DevAccounts.Key("validator"))) later.ProduceBlock(1_800_000_004);
        var signedBefore = File.ReadAllBytes(Path.Combine(data, FileSignStateStore.FileName));

        var manifest = NodeBackup.Restore(archive, data, null, force: true, _ => { });

        Assert.Equal(3UL, manifest.Height);
        var aside = Assert.Single(Directory.EnumerateDirectories(_root, "source.before-restore-*"));
        Assert.Equal(4UL, StorageMigrations.Describe(aside)!.Value.Height);
        Assert.Equal(signedBefore, File.ReadAllBytes(Path.Combine(data, FileSignStateStore.FileName)));
        // The single validator signed height 4 in round 0 after the backup: the restored one re-makes height 4 only in a later round,
        // never signing again at a step it signed (docs/consensus.md: a validator that is the whole set restarts a height unlocked).
        using var restored = ChainNode.Open(data, null, DevAccounts.Key("validator"));
        Assert.Equal(3UL, restored.Height);
        restored.ProduceBlock(1_800_000_005);
        Assert.Equal(4UL, restored.Height);
        Assert.True(restored.HeadCommit!.Round >= 1, $"height 4 was decided again in round {restored.HeadCommit.Round}");
    }
}
