using System.Text.Json;
using System.Text.Json.Serialization;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>The genesis section <c>"stablecoin": {"issuers": [...]}</c>. Without it, the holder of the
/// <c>issuer</c> role (if any) is the one genesis issuer, its own attestor, owing all genesis WATT.</summary>
public sealed class StablecoinGenesis
{
    public const string SectionName = "stablecoin";

    [JsonPropertyName("issuers")]
    public List<GenesisIssuer> Issuers { get; init; } = [];

    /// <summary>The section of <paramref name="genesis"/>, or the role fallback owing <paramref name="genesisWatt"/>.</summary>
    internal static StablecoinGenesis From(GenesisDocument genesis, IState state, ulong genesisWatt, StablecoinNeeds.IAuth auth)
    {
        if (genesis.Extra is { } extra && extra.TryGetValue(SectionName, out var section))
        {
            try
            {
                return section.Deserialize<StablecoinGenesis>(GenesisDocument.JsonOptions)
                    ?? throw new InvalidOperationException("the genesis stablecoin section is null");
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"the genesis stablecoin section is malformed: {e.Message}", e);
            }
        }

        return auth.RoleHolder(state, "issuer") is { } holder
            ? new StablecoinGenesis { Issuers = [new GenesisIssuer { Address = holder.ToString(), Outstanding = genesisWatt }] }
            : new StablecoinGenesis();
    }
}
