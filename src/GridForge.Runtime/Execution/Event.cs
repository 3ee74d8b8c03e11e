namespace GridForge.Runtime.Execution;

/// <summary>Something a module reports having done: module, kind and ordered attributes.</summary>
public sealed record Event(string Module, string Kind, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    public static Event Of(string module, string kind, params (string Key, object Value)[] attributes) =>
        new(module, kind, attributes.Select(a => new KeyValuePair<string, string>(a.Key,
            Convert.ToString(a.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)).ToArray());

    public string? this[string key] => Attributes.FirstOrDefault(a => a.Key == key).Value;
}
