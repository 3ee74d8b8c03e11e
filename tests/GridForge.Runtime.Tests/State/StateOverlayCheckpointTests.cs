using CsCheck;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Tests.State;

/// <summary>Isolation inside a block by checkpoints (docs/architecture.md, "Isolation inside a block"): work that is kept leaves the
/// overlay as if it had written there directly, and work that is reverted leaves it exactly as it was — the same reads and the same
/// write set, so a node's block commits the same keys as when every piece of work ran on an overlay of its own.</summary>
public sealed class StateOverlayCheckpointTests
{
    [Fact]
    public void ACheckpointedOverlay_ReadsAndWritesExactlyAsNestedOverlaysThatAreCommittedOrDropped()
    {
        Gen.Select(RevertibleStateSteps.Steps, Gen.Bool).Sample((steps, revertRest) =>
        {
            var parent = new StateOverlay(new StateStore());
            for (var i = 0; i < 41; i += 3) parent.Set(RevertibleStateSteps.KeyOf(i), [(byte)i]);
            var checkpointed = new StateOverlay(parent);

            // The reference: a stack of overlays, one per open checkpoint, committed down on keep and dropped on revert.
            var nested = new Stack<StateOverlay>();
            nested.Push(new StateOverlay(parent));
            var reference = new Reference(nested);
            RevertibleStateSteps.Run(steps, revertRest, () =>
            {
                for (var k = 0; k <= 40; k++) Assert.Equal(nested.Peek().Get(RevertibleStateSteps.KeyOf(k)), checkpointed.Get(RevertibleStateSteps.KeyOf(k)));
            }, checkpointed, reference);

            Assert.Equal(Writes(nested.Peek()), Writes(checkpointed));
        }, iter: 400);
    }

    [Fact]
    public void AnOverlay_IsCommittedOnlyOnceItsCheckpointsAreClosed()
    {
        var overlay = new StateOverlay(new StateOverlay(new StateStore()));
        var checkpoint = overlay.Checkpoint();
        overlay.Set(RevertibleStateSteps.KeyOf(1), [1]);
        Assert.Throws<InvalidOperationException>(overlay.CommitToParent);
        overlay.Revert(checkpoint);
        overlay.CommitToParent();
        Assert.Null(overlay.Parent.Get(RevertibleStateSteps.KeyOf(1)));
        Assert.Throws<InvalidOperationException>(() => overlay.Keep(checkpoint));
    }

    private static string Writes(StateOverlay overlay) =>
        string.Join(",", overlay.SortedWrites().Select(w => $"{w.Key}={(w.Value is null ? "deleted" : Convert.ToHexString(w.Value))}"));

    /// <summary>Checkpoints as overlays of their own: what every isolated piece of work in a block ran on before checkpoints.</summary>
    private sealed class Reference(Stack<StateOverlay> nested) : IRevertibleState
    {
        public byte[]? Get(StateKey key) => nested.Peek().Get(key);

        public void Set(StateKey key, byte[] value) => nested.Peek().Set(key, value);

        public void Delete(StateKey key) => nested.Peek().Delete(key);

        public int Checkpoint()
        {
            nested.Push(new StateOverlay(nested.Peek()));
            return nested.Count;
        }

        public void Keep(int checkpoint) => nested.Pop().CommitToParent();

        public void Revert(int checkpoint) => nested.Pop();
    }
}
