using System.Collections.Concurrent;
using GridForge.Core.Crypto;

namespace GridForge.Tests.TestKit;

/// <summary>Keys for tests: the well-known dev accounts, and reproducible outsiders that are not dev
/// accounts (so they may act on a non-dev chain).</summary>
public static class TestKeys
{
    public const string DevChain = DevAccounts.DevChainPrefix;
    public const string ProductionChain = "gridforge-test";

    public static readonly SigningKey Alice = DevAccounts.Key("alice");
    public static readonly SigningKey Bob = DevAccounts.Key("bob");
    public static readonly SigningKey Charlie = DevAccounts.Key("charlie");
    public static readonly SigningKey Dso = DevAccounts.Key("dso");
    public static readonly SigningKey Validator = DevAccounts.Key("validator");

    /// <summary>The dev accounts that random traffic moves funds between (the validator too, so it pays fees to itself).</summary>
    public static readonly SigningKey[] Traders = [Alice, Bob, Charlie, Dso, Validator];

    private static readonly ConcurrentDictionary<string, SigningKey> Outsiders = new(StringComparer.Ordinal);

    /// <summary>A key derived from <paramref name="name"/> under a test-only domain: never a dev account.</summary>
    public static SigningKey Outsider(string name) =>
        Outsiders.GetOrAdd(name, n => SigningKey.FromSeed(Hashing.Domain("gridforge test account", System.Text.Encoding.UTF8.GetBytes(n)).ToArray()));
}
