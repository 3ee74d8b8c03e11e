using GridForge.Core.Crypto;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Staking;
using System.Text.Json;

namespace GridForge.Chain;

/// <summary>The dev network's genesis: the well-known dev accounts funded, <c>validator</c> the only
/// validator (self-bonded: staking elects it each era), <c>dso</c> and <c>issuer</c> in their roles, and a two-zone grid.
/// Documented in docs/dev-chain.md and docs/staking-and-governance.md.</summary>
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
            Extra = new(StringComparer.Ordinal)
            {
                [GridGenesis.SectionName] = DevGrid().ToJsonElement(),
                [StakingGenesis.SectionName] = DevStaking().ToJsonElement(),
                [StablecoinGenesis.SectionName] = JsonSerializer.SerializeToElement(DevIssuers(accounts), GenesisDocument.JsonOptions),
            },
            // Staking: one seat (the one dev node signs alone), five-minute eras at one block a second.
            Params = new(StringComparer.Ordinal)
            {
                [StakingModule.ModuleName] = new(StringComparer.Ordinal) { ["validator_count"] = 1, ["era_blocks"] = 300, ["unbonding_eras"] = 2 },
            },
        };
    }

    /// <summary>Two WATT issuers, each its own attestor: <c>issuer</c> owes all genesis WATT (as the role fallback would make it), and the
    /// dev community's issuer starts with nothing outstanding and no reserves — its bridge attests the sandbox bank's reserve account
    /// before it mints (docs/community.md, docs/stablecoin.md).</summary>
    public static StablecoinGenesis DevIssuers(IEnumerable<GenesisAccount> accounts) => new()
    {
        Issuers =
        [
            new GenesisIssuer { Address = DevAccounts.AddressOf("issuer").ToString(), Outstanding =
                accounts.Aggregate(0UL, (sum, a) => checked(sum + a.Watt)) },
            new GenesisIssuer { Address = DevAccounts.AddressOf(DevAccounts.CommunityIssuer).ToString(), Outstanding = 0 },
        ],
    };

    /// <summary>The dev validator bonds 900,000 of its 1,000,000 GRID and validates at 5% commission (docs/staking-and-governance.md).</summary>
    public static StakingGenesis DevStaking() => new()
    {
        Validators = [new StakingGenesisValidator { Address = DevAccounts.AddressOf("validator").ToString(), Bond = 900_000UL * 1_000_000UL, CommissionPpb =
            50_000_000 }],
    };

    /// <summary>Zones Z1 and Z2 joined by one link (0.01 WATT/kWh, 50 kWh per slot each way); local fee 0.005 WATT/kWh.</summary>
    public static GridGenesis DevGrid() => new()
    {
        Zones = ["Z1", "Z2"],
        LocalFee = 5_000,
        CongestionPermille = 500,
        Links = [new GridGenesisLink { From = "Z1", To = "Z2", Fee = 10_000, Capacity = 50_000 }],
    };
}
