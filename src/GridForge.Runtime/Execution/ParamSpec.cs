using System.Buffers.Binary;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution;

/// <summary>A parameter of a module: integer valued, with a default and inclusive bounds, stored in state at
/// <c>params/{module}/{name}</c> as an i64. The spec knows its module, so a call site reads it as
/// <c>MarketModule.MaxOrderWh.Get(state)</c> and cannot name the wrong module. Governable unless
/// <paramref name="FixedAtGenesis"/>: a parameter whose change would break running state (it renumbers slots, or moves what
/// pending settlements, books and contracts were promised) is set by the genesis file and refused by governance.</summary>
public sealed record ParamSpec(string Module, string Name, long Default, long Min, long Max, string Description, bool FixedAtGenesis = false)
{
    /// <summary>Where the value lives in state.</summary>
    public StateKey Key { get; } = StateKey.Of($"params/{Module}/{Name}");

    /// <summary><c>module.name</c>, as governance proposals and the API name it.</summary>
    public string FullName => $"{Module}.{Name}";

    public bool InBounds(long value) => value >= Min && value <= Max;

    /// <summary>The value in <paramref name="state"/>, or the default when none was ever set.</summary>
    public long Get(IState state) => state.Get(Key) is { } raw ? BinaryPrimitives.ReadInt64LittleEndian(raw) : Default;

    /// <summary>Sets the value; one outside the bounds is a bug of the caller (genesis and governance check them first).</summary>
    public void Set(IState state, long value)
    {
        if (!InBounds(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"{FullName} must be within [{Min}, {Max}], got {value}");
        }

        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        state.Set(Key, bytes);
    }
}
