using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Execution;

/// <summary>The runtime's modules in a fixed order (the order their end-of-block hooks run) and typed
/// access from one module to another's public API.</summary>
public sealed class ModuleHost
{
    private readonly IModule[] _modules;
    private readonly Dictionary<byte, IModule> _byId;

    public ModuleHost(IEnumerable<IModule> modules)
    {
        _modules = [.. modules];
        _byId = _modules.ToDictionary(m => m.Id);
        Registry = new MessageRegistry();
        foreach (var m in _modules)
        {
            m.RegisterMessages(Registry);
            // A module's parameters live under its own name: a spec declared with another module's is a wiring bug.
            if (m.Params.FirstOrDefault(p => p.Module != m.Name) is { } stray)
            {
                throw new InvalidOperationException($"module {m.Name} lists the parameter {stray.FullName} of another module");
            }
        }
    }

    public MessageRegistry Registry { get; }

    public IReadOnlyList<IModule> All => _modules;

    public IModule? ById(byte id) => _byId.GetValueOrDefault(id);

    public T Get<T>() where T : IModule =>
        _modules.OfType<T>().FirstOrDefault() ?? throw new InvalidOperationException($"module {typeof(T).Name} is not installed");

    public IModule? ByName(string name) => _modules.FirstOrDefault(m => m.Name == name);

    /// <summary>Raised (outside consensus: for the node's log) when a message handler or an end-of-block item threw and the
    /// runtime turned it into a refusal or a failure event: where it happened and the exception, with its stack.</summary>
    public event Action<string, Exception>? FailureObserved;

    /// <summary>Tells the observers that the runtime contained an exception at <paramref name="where"/>.</summary>
    public void ReportFailure(string where, Exception e) => FailureObserved?.Invoke(where, e);
}
