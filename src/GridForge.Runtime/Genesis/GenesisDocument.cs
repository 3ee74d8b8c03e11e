using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridForge.Runtime.Genesis;

/// <summary>The genesis file: chain id, start time, validators, initial balances, roles and parameters.</summary>
public sealed class GenesisDocument
{
    [JsonPropertyName("chain_id")]
    public required string ChainId { get; init; }

    /// <summary>Unix seconds; block 1's time must not precede it.</summary>
    [JsonPropertyName("genesis_time")]
    public long GenesisTime { get; init; }

    [JsonPropertyName("validators")]
    public List<GenesisValidator> Validators { get; init; } = [];

    [JsonPropertyName("accounts")]
    public List<GenesisAccount> Accounts { get; init; } = [];

    /// <summary>Named roles (for example <c>dso</c>, <c>issuer</c>) mapped to addresses.</summary>
    [JsonPropertyName("roles")]
    public SortedDictionary<string, string> Roles { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Parameter overrides: module → name → value.</summary>
    [JsonPropertyName("params")]
    public SortedDictionary<string, SortedDictionary<string, long>> Params { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Sections owned by later modules (grid topology, …), kept as raw JSON.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static GenesisDocument Parse(string json) =>
        JsonSerializer.Deserialize<GenesisDocument>(json, JsonOptions) ?? throw new JsonException("the genesis file is empty");

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

/// <summary>A genesis validator and its voting power.</summary>
public sealed class GenesisValidator
{
    [JsonPropertyName("address")]
    public required string Address { get; init; }

    [JsonPropertyName("power")]
    public ulong Power { get; init; } = 1;
}

/// <summary>An account funded at genesis, amounts in µ-units.</summary>
public sealed class GenesisAccount
{
    [JsonPropertyName("address")]
    public required string Address { get; init; }

    /// <summary>Optional label (dev accounts carry their name).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("grid")]
    public ulong Grid { get; init; }

    [JsonPropertyName("watt")]
    public ulong Watt { get; init; }
}
