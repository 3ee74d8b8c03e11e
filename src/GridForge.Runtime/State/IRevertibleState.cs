namespace GridForge.Runtime.State;

/// <summary>A state whose writes since a checkpoint can be taken back: what a block's state is while the runtime applies it, so a
/// refused transaction or a failed end-of-block item changes nothing (<see cref="Execution.TxContext.RunIsolated(Execution.WorkItem,
/// System.Func{Execution.TxContext, Rejection?}, Core.Primitives.Address?)"/>).</summary>
/// <remarks>Checkpoints nest and are closed last-opened first, each by exactly one <see cref="Keep"/> or <see cref="Revert"/>. After
/// a revert every key reads as it did when the checkpoint was opened.</remarks>
public interface IRevertibleState : IState
{
    /// <summary>Opens a checkpoint; the writes from now on can be taken back with <see cref="Revert"/>.</summary>
    int Checkpoint();

    /// <summary>Closes <paramref name="checkpoint"/> keeping its writes (an enclosing checkpoint can still take them back).</summary>
    void Keep(int checkpoint);

    /// <summary>Closes <paramref name="checkpoint"/> taking back every write made since it was opened.</summary>
    void Revert(int checkpoint);
}
