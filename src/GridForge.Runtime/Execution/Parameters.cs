using System.Buffers.Binary;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution;

/// <summary>Module parameters live in state (never in code constants): <c>params/{module}/{name}</c> → i64.</summary>
public static class Parameters
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), StateKey> Keys = new();

    public static StateKey Key(string module, string name) =>
        Keys.GetOrAdd((module, name), k => StateKey.Of($"params/{k.Item1}/{k.Item2}"));

    public static long Get(IState state, string module, ParamSpec spec)
    {
        var raw = state.Get(Key(module, spec.Name));
        return raw is null ? spec.Default : BinaryPrimitives.ReadInt64LittleEndian(raw);
    }

    public static void Set(IState state, string module, ParamSpec spec, long value)
    {
        if (!spec.InBounds(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"{module}.{spec.Name} must be within [{spec.Min}, {spec.Max}], got {value}");
        }

        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        state.Set(Key(module, spec.Name), bytes);
    }
}
