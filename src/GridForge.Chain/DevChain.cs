using GridForge.Core.Crypto;
using GridForge.Runtime.Genesis;

namespace GridForge.Chain;

/// <summary>The dev network's genesis: the well-known dev accounts funded, <c>validator</c> the only
/// validator, <c>dso</c> and <c>issuer</c> in their roles. Documented in docs/dev-chain.md.</summary>
public static class DevChain
{
    public const string ChainId = "gridforge-dev";

    /// <summary>Each dev account starts with 1,000,000 GRID and 1,000,000 WATT (in µ-units).</summary>
    public const ulong StartingBalance = 1_000_000UL * 1_000_000UL;

    public static GenesisDocument Genesis(long genesisTime, IEnumerable<GenesisAccount>? extraAccounts = null)
    {
        var accounts = DevAccounts.Names
            .Select(n => new GenesisAccount { Address = DevAccounts.AddressOf(n).ToString(), Name = n, Grid = StartingBalance, Watt = StartingBalance })
            .Concat(extraAccounts ?? [])
            .ToList();
        return new GenesisDocument
        {
            ChainId = ChainId,
            GenesisTime = genesisTime,
            Validators = [new GenesisValidator { Address = DevAccounts.AddressOf("validator").ToString(), Power = 1 }],
            Accounts = accounts,
            Roles = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["dso"] = DevAccounts.AddressOf("dso").ToString(),
                ["issuer"] = DevAccounts.AddressOf("issuer").ToString(),
            },
        };
    }
}
