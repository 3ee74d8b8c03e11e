using GridForge.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Api;

/// <summary><c>GET /api/v1/network</c>: this node's id and peer address, its peers, and where sync and consensus stand.</summary>
public static class NetworkEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ChainNetwork network)
    {
        app.MapGet("/api/v1/network", () =>
        {
            var status = network.CurrentStatus();
            return Results.Ok(new NetworkResponse(
                network.Key.Id.Hex,
                network.Server is { } s ? $"{network.Key.Id}@{s.Endpoint}" : null,
                status.Height,
                network.Sync.BestPeerHeight,
                network.Sync.Imported,
                status.ConsensusHeight,
                (int)status.Round,
                (int)status.Step,
                [.. network.Peers.Peers.Select(p => new PeerResponse(p.Id.Hex, p.Direction == Network.Peers.LinkDirection.Inbound ? "inbound" : "outbound",
                    p.Remote,
                    p.Status?.Height, p.Score.Points, p.Dropped, p.Connected.ToUnixTimeSeconds()))]));
        }).Produces<NetworkResponse>()
            .WithSummary("This node on the network: its id, its peers (direction, height, score, messages dropped), sync and consensus progress.");
    }
}

public sealed record NetworkResponse(string NodeId, string? P2pAddress, ulong Height, ulong BestPeerHeight, long BlocksSynced, ulong ConsensusHeight, int Round,
    int Step,
    IReadOnlyList<PeerResponse> Peers);

public sealed record PeerResponse(string Id, string Direction, string Remote, ulong? Height, long Score, long Dropped, long ConnectedAt);
