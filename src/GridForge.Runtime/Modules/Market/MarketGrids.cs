using System.Buffers.Binary;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Modules.Grid;

namespace GridForge.Runtime.Modules.Market;

/// <summary>Translation between the chain's grid and accounts and the matching engine's indexes.</summary>
public static class MarketGrids
{
    /// <summary>The engine grid of a slot: zones in the topology's (ordinal) order, links in its order, the market's price limit.</summary>
    public static MarketGrid Build(GridTopology topology, long priceLimit)
    {
        var b = new GridBuilder { LocalFee = topology.LocalFee, CongestionPermille = topology.CongestionPermille, PriceLimit = priceLimit };
        foreach (var z in topology.Zones) b.AddZone(z.Name);
        foreach (var l in topology.Links) b.AddLink(l.From.Name, l.To.Name, l.BaseFee, l.ForwardCapacity, l.BackwardCapacity);
        return b.Build();
    }

    public static Matching.ZoneIndex Zone(MarketGrid grid, ZoneId zone) =>
        grid.TryGetZone(zone.Name, out var z) ? z : throw new InvalidOperationException($"zone '{zone}' is not in the slot's grid");

    /// <summary>The engine's account number of an address (its first 8 bytes): only self-trade prevention uses it.</summary>
    public static AccountId Account(Address address)
    {
        Span<byte> k = stackalloc byte[Address.Size];
        address.CopyTo(k);
        return new AccountId(BinaryPrimitives.ReadInt64LittleEndian(k));
    }
}
