using System.Text.Json.Serialization;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>An issuer named by the genesis: its attestor, the genesis WATT it owes, and the reserves the
/// genesis attests for it (at the genesis time; at least its outstanding).</summary>
public sealed class GenesisIssuer
{
    [JsonPropertyName("address")]
    public required string Address { get; init; }

    /// <summary>The attestor's address (its Ed25519 public key); the issuer's own when omitted.</summary>
    [JsonPropertyName("attestor")]
    public string? Attestor { get; init; }

    /// <summary>The part of the genesis WATT this issuer owes holders, µWATT.</summary>
    [JsonPropertyName("outstanding")]
    public ulong Outstanding { get; init; }

    /// <summary>Reserves attested at genesis, µ-units of fiat; defaults to <see cref="Outstanding"/>.</summary>
    [JsonPropertyName("reserves")]
    public ulong? Reserves { get; init; }
}
