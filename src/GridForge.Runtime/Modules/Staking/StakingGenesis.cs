using System.Text.Json;
using System.Text.Json.Serialization;
using GridForge.Runtime.Genesis;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>The genesis section <c>"staking": {"validators": [...], "nominators": [...]}</c>. Its stakers are bonded at
/// genesis and elected for era 0's exposures (rewards and slashing); era 0 itself is signed by the genesis file's
/// <c>validators</c>, and the first election that sets the validator set runs at the end of era 0.</summary>
public sealed class StakingGenesis
{
    public const string SectionName = "staking";

    [JsonPropertyName("validators")]
    public List<StakingGenesisValidator> Validators { get; init; } = [];

    [JsonPropertyName("nominators")]
    public List<StakingGenesisNominator> Nominators { get; init; } = [];

    public JsonElement ToJsonElement() => JsonSerializer.SerializeToElement(this, GenesisDocument.JsonOptions);

    /// <summary>The section of <paramref name="genesis"/>, or an empty one.</summary>
    public static StakingGenesis From(GenesisDocument genesis)
    {
        if (genesis.Extra is not { } extra || !extra.TryGetValue(SectionName, out var section)) return new StakingGenesis();
        try
        {
            return section.Deserialize<StakingGenesis>(GenesisDocument.JsonOptions)
                ?? throw new InvalidOperationException("the genesis staking section is null");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"the genesis staking section is malformed: {e.Message}", e);
        }
    }
}
