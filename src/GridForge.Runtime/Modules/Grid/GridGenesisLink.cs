using System.Text.Json.Serialization;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>A link of the genesis grid: base fee in µWATT/kWh, capacity in Wh per slot from <c>from</c> to
/// <c>to</c>, and back (<c>capacity_back</c>, the same as <c>capacity</c> when absent).</summary>
public sealed class GridGenesisLink
{
    [JsonPropertyName("from")]
    public required string From { get; init; }

    [JsonPropertyName("to")]
    public required string To { get; init; }

    [JsonPropertyName("fee")]
    public long Fee { get; init; }

    [JsonPropertyName("capacity")]
    public long Capacity { get; init; }

    [JsonPropertyName("capacity_back")]
    public long? CapacityBack { get; init; }
}
