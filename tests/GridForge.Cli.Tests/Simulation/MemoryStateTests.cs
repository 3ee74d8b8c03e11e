using CsCheck;
using GridForge.Cli.Simulation;
using GridForge.Runtime.State;
using GridForge.Runtime.Tests.State;

namespace GridForge.Cli.Tests.Simulation;

/// <summary>The simulation's state is the block's state too (docs/simulate.md, "State in memory"): it must read as the overlay a node
/// keeps would, through writes that move records or fill chunks, table growth, and checkpoints kept or reverted.</summary>
public sealed class MemoryStateTests
{
    [Fact]
    public void MemoryState_ReadsAsAnOverlay_AndARevertedCheckpointTakesBackExactlyItsWrites()
    {
        Gen.Select(RevertibleStateSteps.Steps, Gen.Bool, Gen.Int[1, 4]).Sample((steps, revertRest, size) =>
        {
            // Small tables and chunks, so that growing, moving a record and starting a chunk all happen within a few steps.
            var state = new MemoryState(slots: 1 << size, chunkBytes: 64 << size);
            var reference = new StateOverlay(new StateStore());
            RevertibleStateSteps.Run(steps, revertRest, () =>
            {
                for (var k = 0; k <= 40; k++) Assert.Equal(reference.Get(RevertibleStateSteps.KeyOf(k)), state.Get(RevertibleStateSteps.KeyOf(k)));
            }, state, reference);
        }, iter: 400);
    }

    [Fact]
    public void ACheckpoint_IsClosedOnce_LastOpenedFirst()
    {
        var state = new MemoryState(slots: 4, chunkBytes: 64);
        var outer = state.Checkpoint();
        state.Set(RevertibleStateSteps.KeyOf(1), [1]);
        var inner = state.Checkpoint();
        state.Set(RevertibleStateSteps.KeyOf(1), [2]);
        state.Revert(inner);
        Assert.Equal([(byte)1], state.Get(RevertibleStateSteps.KeyOf(1))!);
        state.Revert(outer);
        Assert.Null(state.Get(RevertibleStateSteps.KeyOf(1)));
        Assert.Throws<InvalidOperationException>(() => state.Keep(outer));
    }
}
