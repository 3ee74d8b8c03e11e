using GridForge.Chain.Storage;
using GridForge.Chain.Verification;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Storage;

/// <summary>One writer per data directory: a second node, a migration or a restore on the directory of a running node is
/// refused, readers (verify, backup) are not, and the lock goes with its holder (docs/operations.md).</summary>
public sealed class DataDirectoryLockTests : ChainTestBase
{
    [Fact]
    public void ASecondNodeOnTheSameDataDirectory_IsRefused_WhileTheFirstRuns()
    {
        Chain.Produce();

        var refused = Assert.Throws<DataDirectoryInUseException>(() => ChainNode.Open(Chain.DataDirectory, null, TestKeys.Validator));

        Assert.Contains("stop it first", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1UL, Chain.Height);
        Chain.Produce();
        Assert.Equal(2UL, Chain.Height);
    }

    [Fact]
    public void AMigration_IsRefused_WhileANodeRunsOnTheDirectory()
    {
        Chain.Produce();
        Chain.Sql("DELETE FROM meta WHERE key = 'format'");

        // Run: the steps themselves (no whole path from format 1 exists since the 2 → 3 break).
        Assert.Throws<DataDirectoryInUseException>(() => StorageMigrations.Run(Chain.DataDirectory, [.. StorageMigrations.Steps], _ => { }));

        Assert.Equal("1", StorageMigrations.FormatOf(Chain.DataDirectory));
    }

    [Fact]
    public void Readers_NeedNoLock_AndTheLockIsFreedWhenTheNodeStops()
    {
        Chain.Produce();
        Chain.Produce();

        Assert.True(ChainVerifier.Verify(Chain.DataDirectory).Ok);
        Assert.Equal(2UL, StorageMigrations.Describe(Chain.DataDirectory)!.Value.Height);
        Chain.Restart();
        Assert.Equal(2UL, Chain.Height);
        Chain.Stop();
        using (DataDirectoryLock.Acquire(Chain.DataDirectory, "test"))
        {
            Assert.Throws<DataDirectoryInUseException>(() => ChainNode.Open(Chain.DataDirectory, null, TestKeys.Validator));
        }

        Chain.Restart();
        Assert.Equal(2UL, Chain.Height);
    }
}
