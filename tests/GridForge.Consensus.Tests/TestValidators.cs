using System.Text;
using GridForge.Consensus.Messages;
using GridForge.Consensus.Validators;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Tests;

/// <summary>Deterministic validator keys and values for the core's tests.</summary>
internal static class TestValidators
{
    public const string ChainId = "gridforge-test";

    public static SigningKey Key(int i) => SigningKey.FromSeed(Hashing.Domain("consensus test validator", BitConverter.GetBytes(i)).ToArray());

    /// <summary>Keys 0 … n−1 ordered by address (so index i of the list is member i of the set).</summary>
    public static List<SigningKey> Keys(int n) => [.. Enumerable.Range(0, n).Select(Key).OrderBy(k => k.Address)];

    public static ValidatorSet Set(IReadOnlyList<SigningKey> keys, params ulong[] powers) =>
        new(keys.Select((k, i) => new Validator(k.Address, powers.Length == 0 ? 1 : powers[i])));

    /// <summary>An address whose first bytes are <paramref name="name"/> (for CometBFT's tests, which order by name).</summary>
    public static Address Named(string name)
    {
        var bytes = new byte[Address.Size];
        Encoding.ASCII.GetBytes(name).CopyTo(bytes, 0);
        return new Address(bytes);
    }
}

/// <summary>A value for tests: its id is the hash of its name.</summary>
internal sealed record TestValue(string Name) : IConsensusValue
{
    public Hash32 Id { get; } = Hashing.Domain("test value", Encoding.UTF8.GetBytes(Name));
}
