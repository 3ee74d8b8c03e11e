namespace GridForge.Runtime.Execution;

/// <summary>Something a module reports having done: module, kind and ordered attributes.</summary>
public sealed record Event(string Module, string Kind, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    /// <remarks>The attributes come as a span (no array per event: the end of a block emits hundreds of thousands).</remarks>
    public static Event Of(string module, string kind, params ReadOnlySpan<(string Key, object Value)> attributes)
    {
        var list = new KeyValuePair<string, string>[attributes.Length];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = new(attributes[i].Key, Convert.ToString(attributes[i].Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return new(module, kind, list);
    }

    /// <summary>The typed record this event was encoded from, when it was emitted in this process (null when read from storage:
    /// <see cref="ModuleEvents.Decode"/> reads it back).</summary>
    public IModuleEvent? Typed { get; init; }

    /// <summary>The canonical encoding of a typed event (<see cref="IModuleEvent.Write"/>).</summary>
    public static Event From(IModuleEvent e) => EventWriter.Encode(e);

    public string? this[string key] => Attributes.FirstOrDefault(a => a.Key == key).Value;
}
