namespace GridForge.Runtime.Execution;

/// <summary>Something a module reports having done, in its stored form: module, kind and ordered attributes (strings). Modules emit
/// typed records (<see cref="IModuleEvent"/>), encoded here once by <see cref="From"/>; readers get the record back with
/// <see cref="ModuleEvents.Decode"/>.</summary>
public sealed record Event(string Module, string Kind, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    /// <summary>The typed record this event was encoded from, when it was emitted in this process (null when read from storage:
    /// <see cref="ModuleEvents.Decode"/> reads it back).</summary>
    public IModuleEvent? Typed { get; init; }

    /// <summary>The canonical encoding of a typed event (<see cref="IModuleEvent.Write"/>).</summary>
    public static Event From(IModuleEvent e) => EventWriter.Encode(e);

    public string? this[string key] => Attributes.FirstOrDefault(a => a.Key == key).Value;
}
