using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution;

/// <summary>What a module sees while it executes one message: the state (an overlay dropped on
/// rejection), the block, the sender and an event sink.</summary>
public sealed class TxContext(IState state, BlockInfo block, Address sender, ModuleHost modules)
{
    private List<Event>? _events;

    public IState State { get; } = state;
    public BlockInfo Block { get; } = block;
    public Address Sender { get; } = sender;
    public ModuleHost Modules { get; } = modules;
    public IReadOnlyList<Event> Events => (IReadOnlyList<Event>?)_events ?? [];

    public void Emit(Event e) => (_events ??= []).Add(e);
}
