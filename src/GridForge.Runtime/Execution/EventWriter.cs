using System.Globalization;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Runtime.Execution;

/// <summary>Turns a typed event's fields into its attributes: each value formatted as the wire has always shown it
/// (integers in invariant digits, booleans <c>True</c>/<c>False</c>, addresses in Bech32m, slots as their index, zones as their
/// name). One per thread, reused: encoding an event allocates its attribute array and its strings, nothing else.</summary>
public sealed class EventWriter
{
    [ThreadStatic]
    private static EventWriter? _current;

    private KeyValuePair<string, string>[] _buffer = new KeyValuePair<string, string>[32];
    private int _count;

    private EventWriter()
    {
    }

    /// <summary>The canonical encoder: <paramref name="e"/>'s module, kind and attributes in the form blocks store.</summary>
    internal static Event Encode(IModuleEvent e)
    {
        var w = _current ??= new EventWriter();
        w._count = 0;
        e.Write(w);
        var attributes = w._buffer.AsSpan(0, w._count).ToArray();
        w._count = 0;
        return new Event(e.Module, e.Kind, attributes) { Typed = e };
    }

    public EventWriter Add(string key, string value)
    {
        if (_count == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        _buffer[_count++] = new(key, value);
        return this;
    }

    public EventWriter Add(string key, ulong value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    public EventWriter Add(string key, long value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    public EventWriter Add(string key, int value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    public EventWriter Add(string key, uint value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    public EventWriter Add(string key, UInt128 value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    public EventWriter Add(string key, Int128 value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    public EventWriter Add(string key, bool value) => Add(key, value ? bool.TrueString : bool.FalseString);

    public EventWriter Add(string key, Address value) => Add(key, value.ToString());

    public EventWriter Add(string key, SlotId value) => Add(key, value.ToString());

    public EventWriter Add(string key, ZoneId value) => Add(key, value.Name);

    public EventWriter Add(string key, MeterId value) => Add(key, value.ToString());

    /// <summary>An optional number: empty when absent (as <c>fee_to</c>, <c>trade</c> and <c>payer</c> have always been).</summary>
    public EventWriter Add(string key, ulong? value) => Add(key, value is { } v ? v.ToString(CultureInfo.InvariantCulture) : string.Empty);

    /// <summary>An optional address: empty when absent.</summary>
    public EventWriter Add(string key, Address? value) => Add(key, value is { } v ? v.ToString() : string.Empty);
}
