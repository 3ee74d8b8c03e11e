using GridForge.Core.Crypto;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Grid;

namespace GridForge.Chain;

/// <summary>The dev network's genesis: the well-known dev accounts funded, <c>validator</c> the only
/// validator, <c>dso</c> and <c>issuer</c> in their roles, and a two-zone grid. Documented in docs/dev-chain.md.</summary>
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
            Extra = new(StringComparer.Ordinal) { [GridGenesis.SectionName] = DevGrid().ToJsonElement() },
        };
    }

    /// <summary>Zones Z1 and Z2 joined by one link (0.01 WATT/kWh, 50 kWh per slot each way); local fee 0.005 WATT/kWh.</summary>
    public static GridGenesis DevGrid() => new()
    {
        Zones = ["Z1", "Z2"],
        LocalFee = 5_000,
        CongestionPermille = 500,
        Links = [new GridGenesisLink { From = "Z1", To = "Z2", Fee = 10_000, Capacity = 50_000 }],
    };
}
