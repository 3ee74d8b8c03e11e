using GridForge.Chain;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Metering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Api;

/// <summary>The grid under <c>/api/v1/grid</c>: topology, fees, capacities per slot and the DSO's overrides. Read
/// only: the DSO changes the grid with signed transactions.</summary>
public static class GridEndpoints
{
    /// <summary>A zone and how many active meters it holds.</summary>
    public sealed record ZoneResponse(string Name, long Meters);

    /// <summary>A link with its ends in canonical order: base fee (µWATT/kWh) and capacity (Wh per slot) each way.</summary>
    public sealed record LinkResponse(string From, string To, long Fee, long CapacityForward, long CapacityBackward);

    /// <summary>The grid; capacities are the normal ones, or those of <see cref="Slot"/> when one was asked for.</summary>
    public sealed record GridResponse(ulong Height, long SlotSeconds, long CurrentSlot, long? Slot, long LocalFee, long CongestionPermille,
        IReadOnlyList<ZoneResponse> Zones, IReadOnlyList<LinkResponse> Links, IReadOnlyDictionary<string, long> Params);

    /// <summary>The capacity from one zone to another in one slot, and whether an override sets it.</summary>
    public sealed record CapacityResponse(string From, string To, long Slot, long Capacity, long Normal, bool Overridden);

    /// <summary>A capacity override of one direction of a link over slots First..Last.</summary>
    public sealed record OverrideResponse(string From, string To, long First, long Last, long Capacity);

    public static void Map(IEndpointRouteBuilder app, ChainNode node)
    {
        var api = app.MapGroup("/api/v1/grid");

        api.MapGet("", (long? slot, ReadState state) =>
        {
            var topology = slot is { } s ? GridQueries.TopologyFor(state, new SlotId(s)) : GridQueries.Topology(state);
            var module = node.Runtime.Modules.ByName(GridModule.ModuleName)!;
            return Results.Ok(new GridResponse(state.Height, GridQueries.SlotLengthSeconds(state), CurrentSlot(state).Index, slot,
                topology.LocalFee, topology.CongestionPermille,
                topology.Zones.Select(z => new ZoneResponse(z.Name, MeteringQueries.ActiveMetersIn(state, z))).ToList(),
                topology.Links.Select(l => new LinkResponse(l.From.Name, l.To.Name, l.BaseFee, l.ForwardCapacity, l.BackwardCapacity)).ToList(),
                module.Params.ToDictionary(p => p.Name, p => p.Get(state), StringComparer.Ordinal)));
        }).Produces<GridResponse>()
            .WithSummary("Zones, links, fees and grid parameters; with ?slot=N the links' capacities are those in force for slot N.");

        api.MapGet("/capacity", (string from, string to, long? slot, ReadState state) =>
        {
            var s = slot is { } n ? new SlotId(n) : CurrentSlot(state);
            var (a, b) = (new ZoneId(from), new ZoneId(to));
            if (GridQueries.Topology(state).FindLink(a, b) is not { } link)
            {
                return Problems.Of(404, GridCodes.UnknownLink, $"no link joins zones '{from}' and '{to}'");
            }

            var capacity = GridQueries.CapacityFor(state, a, b, s)!.Value;
            var overridden = GridQueries.Overrides(state, a, b).For(s) is not null;
            return Results.Ok(new CapacityResponse(from, to, s.Index, capacity, link.CapacityFrom(a), overridden));
        }).Produces<CapacityResponse>()
            .WithSummary("The capacity in Wh from zone `from` to zone `to` in a slot (default: the current one), override or normal.");

        api.MapGet("/overrides", (ReadState state) =>
        {
            var list = new List<OverrideResponse>();
            foreach (var l in GridQueries.Topology(state).Links)
            {
                foreach (var (a, b) in new[] { (l.From, l.To), (l.To, l.From) })
                {
                    list.AddRange(GridQueries.Overrides(state, a, b).Ranges
                        .Select(r => new OverrideResponse(a.Name, b.Name, r.First.Index, r.Last.Index, r.Capacity)));
                }
            }

            return Results.Ok(list);
        }).Produces<List<OverrideResponse>>()
            .WithSummary("Every capacity override the DSO has set that still matters, per link direction.");
    }

    /// <summary>The slot of the time of the block whose state is read (the genesis time before the first block).</summary>
    public static SlotId CurrentSlot(ReadState state) => GridQueries.SlotAt(state, state.Time);
}
