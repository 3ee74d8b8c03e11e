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

    public void Emit(Event e)
    {
        if (sink is not null) sink(e);
        else (_events ??= []).Add(e);
    }
}
