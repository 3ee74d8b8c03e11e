using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution;

/// <summary>Module parameters live in state (never in code constants): <c>params/{module}/{name}</c> → i64. Read and
/// written through their <see cref="ParamSpec"/> (<c>spec.Get(state)</c>); this names the key.</summary>
public static class Parameters
{
    public static StateKey Key(string module, string name) => StateKey.Of($"params/{module}/{name}");
}
