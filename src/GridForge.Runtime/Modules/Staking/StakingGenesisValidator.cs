using System.Text.Json.Serialization;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>A validator of the genesis <c>staking</c> section: it bonds <see cref="Bond"/> µGRID of its genesis GRID and
/// declares intent with a commission in parts per billion.</summary>
public sealed class StakingGenesisValidator
{
    [JsonPropertyName("address")]
    public required string Address { get; init; }

    [JsonPropertyName("bond")]
    public ulong Bond { get; init; }

    [JsonPropertyName("commission_ppb")]
    public uint CommissionPpb { get; init; }
}
