using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution;

/// <summary>What a module sees while it executes one message: the state (an overlay dropped on
/// rejection), the block, the sender and an event sink.</summary>
/// <remarks>Events are kept in order for the caller, or, with <paramref name="sink"/>, handed to it as they come and not kept
/// (a caller that only counts them need not hold a whole block's events in memory).</remarks>
public sealed class TxContext(IState state, BlockInfo block, Address sender, ModuleHost modules, Action<Event>? sink = null)
{
    private List<Event>? _events;

    public IState State { get; } = state;
    public BlockInfo Block { get; } = block;
    public Address Sender { get; } = sender;
    public ModuleHost Modules { get; } = modules;
    public IReadOnlyList<Event> Events => (IReadOnlyList<Event>?)_events ?? [];

    /// <summary>Emits a module's typed event in its canonical encoding (<see cref="Event.From"/>).</summary>
    public void Emit(IModuleEvent e) => Emit(Event.From(e));

    public void Emit(Event e)
    {
        if (sink is not null) sink(e);
        else (_events ??= []).Add(e);
    }

    /// <summary>Runs <paramref name="action"/> isolated from this context's state (under a checkpoint of it), acting as
    /// <paramref name="actor"/> (this context's sender by default): its writes and events are kept when it returns null and
    /// dropped when it refuses or throws. A throw becomes a refusal (<see cref="RuntimeFailures"/>), so nothing inside can stop
    /// the caller — the one way every isolated piece of work (a contract's market action, an end-of-block item, an
    /// enactment) is run. <paramref name="where"/> names the work for the node's diagnostics when it throws.</summary>
    internal Rejection? RunIsolated(WorkItem where, Func<TxContext, Rejection?> action, Address? actor = null)
    {
        // On a revertible state (a block's, always, inside the runtime) the work writes into it under a checkpoint that a refusal
        // or a throw reverts: the same outcome as an overlay of its own, without copying every write up once per level of nesting.
        var own = State as IRevertibleState is null ? new StateOverlay(State) : null;
        var state = own ?? (IRevertibleState)State;
        var inner = new TxContext(state, Block, actor ?? Sender, Modules);
        if (Isolated(state, Modules, new Work(where, action, inner), static w => w.Action(w.Inner)) is { } refused) return refused;
        own?.CommitToParent();
        foreach (var e in inner.Events) Emit(e);
        return null;
    }

    /// <summary>Runs <paramref name="run"/> on <paramref name="work"/> under a checkpoint of <paramref name="state"/>: kept when it returns
    /// null, reverted when it refuses or throws; a throw becomes a refusal (<see cref="RuntimeFailures"/>) reported to the modules'
    /// observers as <paramref name="work"/>'s text (formatted only then), and a fatal one is rethrown once the work is reverted.</summary>
    /// <remarks>The work is a value and <paramref name="run"/> a static function, so isolating a piece of work allocates nothing.</remarks>
    internal static Rejection? Isolated<TWork>(IRevertibleState state, ModuleHost modules, TWork work, Func<TWork, Rejection?> run)
        where TWork : struct
    {
        var checkpoint = state.Checkpoint();
        Rejection? refused;
        Exception? thrown = null;
        try
        {
            refused = run(work);
        }
        catch (Exception e) when (!RuntimeFailures.IsFatal(e))
        {
            thrown = e;
            refused = RuntimeFailures.Of(e);
        }
        catch
        {
            state.Revert(checkpoint);
            throw;
        }

        if (refused is null)
        {
            state.Keep(checkpoint);
            return null;
        }

        state.Revert(checkpoint);
        if (thrown is not null) modules.ReportFailure(work.ToString()!, thrown);
        return refused;
    }

    /// <summary><see cref="RunIsolated(WorkItem, Func{TxContext, Rejection?}, Address?)"/> for work that does not refuse.</summary>
    internal Rejection? RunIsolated(WorkItem where, Action<TxContext> action) => RunIsolated(where, inner =>
    {
        action(inner);
        return null;
    });

    private readonly record struct Work(WorkItem Where, Func<TxContext, Rejection?> Action, TxContext Inner)
    {
        public override string ToString() => Where.ToString();
    }
}
