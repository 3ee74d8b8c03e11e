using GridForge.Core.Encoding;

namespace GridForge.Runtime.Execution;

/// <summary>Events in canonical binary form (<c>u32 count</c>, then per event <c>string module, string kind, u32 n,
/// n × (string key, string value)</c>): what a block stores per transaction, cheaper to write than JSON, which is produced
/// when someone asks (<see cref="EventJson"/>).</summary>
public static class EventCodec
{
    private const int MaxText = 1 << 20;

    public static void Write(CanonicalWriter w, IReadOnlyList<Event> events)
    {
        w.U32((uint)events.Count);
        foreach (var e in events) WriteOne(w, e, withModule: true);
    }

    /// <summary>One event's kind and attributes (and its module unless the reader knows it).</summary>
    public static void WriteOne(CanonicalWriter w, Event e, bool withModule)
    {
        if (withModule) w.String(e.Module);
        w.String(e.Kind).U32((uint)e.Attributes.Count);
        foreach (var (key, value) in e.Attributes) w.String(key).String(value);
    }

    public static IReadOnlyList<Event> Read(ref CanonicalReader r)
    {
        var n = r.U32("events");
        var events = new List<Event>();
        for (var i = 0; i < n && r.Ok; i++) events.Add(ReadOne(ref r, null));
        return events;
    }

    /// <summary>Reads what <see cref="WriteOne"/> wrote; <paramref name="module"/> when it was left out.</summary>
    public static Event ReadOne(ref CanonicalReader r, string? module)
    {
        module ??= r.String(MaxText, "module");
        var kind = r.String(MaxText, "kind");
        var n = r.U32("attributes");
        var attributes = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < n && r.Ok; i++) attributes.Add(new(r.String(MaxText, "key"), r.String(MaxText, "value")));
        return new Event(module, kind, attributes);
    }
}
