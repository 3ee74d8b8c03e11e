using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The genesis file's <c>grid</c> section, in the shape of DESIGN §9's grid file (so one file serves
/// both the chain and <c>market replay --grid</c>; its <c>price_limit</c> belongs to the market and is ignored here).</summary>
public sealed class GridGenesis
{
    public const string SectionName = "grid";

    [JsonPropertyName("zones")]
    public List<string> Zones { get; init; } = [];

    [JsonPropertyName("local_fee")]
    public long LocalFee { get; init; }

    [JsonPropertyName("congestion_permille")]
    public long CongestionPermille { get; init; }

    [JsonPropertyName("links")]
    public List<GridGenesisLink> Links { get; init; } = [];

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The section as a JSON element, to put into <see cref="Genesis.GenesisDocument.Extra"/>.</summary>
    public JsonElement ToJsonElement() => JsonSerializer.SerializeToElement(this, JsonOptions);

    public static GridGenesis? From(Genesis.GenesisDocument genesis) =>
        genesis.Extra is { } extra && extra.TryGetValue(SectionName, out var element)
            ? element.Deserialize<GridGenesis>(JsonOptions) ?? throw new InvalidOperationException("the genesis grid section is null")
            : null;
}
