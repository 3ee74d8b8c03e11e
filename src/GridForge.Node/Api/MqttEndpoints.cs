using GridForge.Node.Mqtt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Api;

/// <summary><c>GET /api/v1/mqtt</c>: the MQTT gateway's state and what it has done since the node started (docs/meters-mqtt.md).</summary>
public static class MqttEndpoints
{
    /// <summary>The gateway, or <c>enabled: false</c> when the node runs none.</summary>
    public sealed record MqttStatusResponse(
        bool Enabled, string? Mode, string? Listen, string? Broker, bool Connected, int Clients, string? Account, int Held,
        long Received, long Queued, long Copies, long Answered, long Transactions, long Accepted, long Refused, long Outcomes,
        IReadOnlyDictionary<string, long> Dropped, IReadOnlyDictionary<string, long> RefusedByCode, string? LastProblem);

    public static void Map(IEndpointRouteBuilder app, MqttGateway? gateway)
    {
        app.MapGroup("/api/v1").MapGet("/mqtt", () => Results.Ok(Status(gateway)))
            .Produces<MqttStatusResponse>()
            .WithSummary("The MQTT gateway for meters: its broker, account and counters (received, queued, dropped by code, transactions, accepted, refused " +
                "by code).");
    }

    public static MqttStatusResponse Status(MqttGateway? gateway)
    {
        if (gateway is null) return new MqttStatusResponse(false, null, null, null, false, 0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, long>(),
            new Dictionary<string, long>(), null);
        var s = gateway.Stats;
        return new MqttStatusResponse(true, gateway.Endpoint is null ? "external" : "embedded", gateway.Endpoint?.ToString(), gateway.BrokerAddress,
            gateway.Connected,
            gateway.Clients, gateway.Account.ToString(), gateway.Held, s.Received, s.Queued, s.Copies, s.Answered, s.Transactions, s.Accepted, s.Refused,
                s.Outcomes,
            new SortedDictionary<string, long>(s.Dropped, StringComparer.Ordinal), new SortedDictionary<string, long>(s.RefusedByCode, StringComparer.Ordinal),
                s.LastProblem);
    }
}
