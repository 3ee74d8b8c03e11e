using System.Text.Json.Serialization;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>A nominator of the genesis <c>staking</c> section: it bonds <see cref="Bond"/> µGRID and nominates validators
/// of the same section.</summary>
public sealed class StakingGenesisNominator
{
    [JsonPropertyName("address")]
    public required string Address { get; init; }

    [JsonPropertyName("bond")]
    public ulong Bond { get; init; }

    [JsonPropertyName("targets")]
    public List<string> Targets { get; init; } = [];
}
