using System.Globalization;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Runtime.Execution;

/// <summary>Reads a stored event's attributes back into typed values (the inverse of <see cref="EventWriter"/>): for readers
/// that only have stored events (a block's results, the API's JSON). A missing or malformed attribute throws
/// <see cref="FormatException"/>, which <see cref="ModuleEvents.Decode"/> turns into "not this kind".</summary>
internal readonly struct EventReader(Event e)
{
    public string Text(string key) => e[key] ?? throw new FormatException($"{e.Module}/{e.Kind} has no {key}");

    public ulong U64(string key) => ulong.Parse(Text(key), NumberStyles.None, CultureInfo.InvariantCulture);

    public long I64(string key) => long.Parse(Text(key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public int I32(string key) => int.Parse(Text(key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public uint U32(string key) => uint.Parse(Text(key), NumberStyles.None, CultureInfo.InvariantCulture);

    public UInt128 U128(string key) => UInt128.Parse(Text(key), NumberStyles.None, CultureInfo.InvariantCulture);

    public Int128 I128(string key) => Int128.Parse(Text(key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public MeterId Meter(string key) => MeterId.Parse(Text(key));

    public bool Bool(string key) => Text(key) switch
    {
        "True" => true,
        "False" => false,
        var t => throw new FormatException($"{key} is not a boolean: {t}"),
    };

    public Address Address(string key) => Core.Primitives.Address.Parse(Text(key));

    public SlotId Slot(string key) => new(I64(key));

    public ZoneId Zone(string key) => new(Text(key));

    public ulong? OptionalU64(string key) => Text(key) is { Length: > 0 } t ? ulong.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture) : null;

    public Address? OptionalAddress(string key) => Text(key) is { Length: > 0 } t ? Core.Primitives.Address.Parse(t) : null;

    /// <summary>Whether the event has <paramref name="key"/> (attributes some events carry only sometimes).</summary>
    public bool Has(string key) => e[key] is not null;

    /// <summary>The enum value whose wire name (<paramref name="name"/>) is the attribute.</summary>
    public T Enum<T>(string key, Func<T, string> name) where T : struct, System.Enum
    {
        var text = Text(key);
        foreach (var v in System.Enum.GetValues<T>())
        {
            if (name(v) == text) return v;
        }

        throw new FormatException($"{key} is not a {typeof(T).Name}: {text}");
    }
}
