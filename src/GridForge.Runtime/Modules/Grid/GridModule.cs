using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The DSO's model of the grid (DESIGN §6 Grid): zones, links with a base fee and a capacity per slot in
/// each direction, the local fee, the congestion factor, and capacity overrides for ranges of future slots.
/// Only the account holding the <c>dso</c> role changes it; the market reads it through the static API below.</summary>
public sealed partial class GridModule : IModule
{
    public const string ModuleName = "grid";

    /// <summary>The role whose holder models the grid and registers meters.</summary>
    public const string DsoRole = "dso";

    private static readonly StateKey TopologyKey = StateKey.Of("grid/topology");
    private static readonly StateKey CapacityEpochKey = StateKey.Of("grid/capacity_epoch");

    private readonly GridNeeds _needs;

    /// <summary>A grid that reaches other modules only through <paramref name="needs"/>.</summary>
    internal GridModule(GridNeeds needs) => _needs = needs;

    public byte Id => ModuleIds.Grid;

    public string Name => ModuleName;

    public void RegisterMessages(MessageRegistry registry)
    {
        registry.Register(ModuleIds.Grid, AddZoneMessage.TypeId, "grid.add_zone", AddZoneMessage.Decode);
        registry.Register(ModuleIds.Grid, RemoveZoneMessage.TypeId, "grid.remove_zone", RemoveZoneMessage.Decode);
        registry.Register(ModuleIds.Grid, SetLinkMessage.TypeId, "grid.set_link", SetLinkMessage.Decode);
        registry.Register(ModuleIds.Grid, RemoveLinkMessage.TypeId, "grid.remove_link", RemoveLinkMessage.Decode);
        registry.Register(ModuleIds.Grid, SetFeesMessage.TypeId, "grid.set_fees", SetFeesMessage.Decode);
        registry.Register(ModuleIds.Grid, SetCapacityMessage.TypeId, "grid.set_capacity", SetCapacityMessage.Decode);
    }

    /// <summary>Writes the genesis <c>grid</c> section under the same rules the DSO's messages obey.</summary>
    public void InitGenesis(TxContext context, GenesisDocument genesis)
    {
        var state = context.State;
        // Days are whole slots: contracts' daily periods, "the same slot yesterday" and certificates' hours count on it.
        if (86_400 % SlotLengthSeconds(state) != 0)
        {
            throw new InvalidOperationException($"grid.{SlotSeconds.Name} must divide a day (86,400 s), not {SlotLengthSeconds(state)}");
        }

        if (GridGenesis.From(genesis) is not { } section) return;
        var topology = GridTopology.Empty;
        foreach (var name in section.Zones)
        {
            topology = OrThrow(AddZone(topology, new ZoneId(name)));
        }

        topology = OrThrow(SetFees(state, topology, new PricePerKwh(section.LocalFee), section.CongestionPermille));
        foreach (var l in section.Links)
        {
            topology = OrThrow(SetLink(state, topology,
                new SetLinkMessage(new ZoneId(l.From), new ZoneId(l.To), new PricePerKwh(l.Fee), new Wh(l.Capacity), new Wh(l.CapacityBack ?? l.Capacity))));
        }

        state.Set(TopologyKey, topology.Encode());
    }

    private static GridTopology OrThrow((Rejection? Rejection, GridTopology? Topology) result) =>
        result.Rejection is { } r ? throw new InvalidOperationException($"the genesis grid is invalid: {r.Message}") : result.Topology!;

    public Rejection? Execute(TxContext context, IMessage message)
    {
        var state = context.State;
        if (!_needs.Auth.HasRole(state, DsoRole, context.Sender))
        {
            return new Rejection(RejectionCodes.Unauthorized, $"only the holder of the '{DsoRole}' role changes the grid; {context.Sender} does not hold it");
        }

        var topology = Topology(state);
        (Rejection? Rejection, GridTopology? Topology) result;
        IModuleEvent? done;
        switch (message)
        {
            case AddZoneMessage m:
                result = AddZone(topology, m.Zone);
                done = new ZoneAdded(m.Zone);
                break;
            case RemoveZoneMessage m:
                result = RemoveZone(state, topology, m.Zone);
                done = new ZoneRemoved(m.Zone);
                break;
            case SetLinkMessage m:
                result = SetLink(state, topology, m);
                var link = GridLink.Canonical(m.From, m.To, m.BaseFee.MicroPerKwh, m.CapacityFromTo.Value, m.CapacityToFrom.Value);
                done = new LinkSet(link.From, link.To, link.BaseFee, link.ForwardCapacity, link.BackwardCapacity);
                break;
            case RemoveLinkMessage m:
                result = RemoveLink(state, topology, m.From, m.To);
                done = new LinkRemoved(m.From, m.To);
                break;
            case SetFeesMessage m:
                result = SetFees(state, topology, m.LocalFee, m.CongestionPermille);
                done = new FeesChanged(m.LocalFee.MicroPerKwh, m.CongestionPermille);
                break;
            case SetCapacityMessage m:
                return SetCapacity(context, topology, m);
            default:
                return new Rejection(RejectionCodes.UnknownMessage, $"the grid module has no message {message.Type}");
        }

        if (result.Rejection is not null) return result.Rejection;
        state.Set(TopologyKey, result.Topology!.Encode());
        if (message is SetLinkMessage) BumpCapacityEpoch(state);
        context.Emit(done);
        return null;
    }

    public void EndBlock(TxContext context)
    {
    }

    private static Rejection UnknownZone(ZoneId zone) => new(GridCodes.UnknownZone, $"the grid has no zone '{zone}'");

    private static Rejection UnknownLink(ZoneId a, ZoneId b) => new(GridCodes.UnknownLink, $"no link joins zones '{a}' and '{b}'");

    private static (Rejection?, GridTopology?) AddZone(GridTopology topology, ZoneId zone)
    {
        if (!ZoneNames.IsValid(zone.Name))
        {
            return (new Rejection(GridCodes.InvalidZoneName,
                $"a zone name is 1 to {ZoneNames.MaxBytes} ASCII letters, digits, '-', '_' or '.'; '{zone}' is not"), null);
        }

        return topology.HasZone(zone)
            ? (new Rejection(GridCodes.ZoneExists, $"the grid already has zone '{zone}'"), null)
            : (null, topology.WithZone(zone));
    }

    private (Rejection?, GridTopology?) RemoveZone(IState state, GridTopology topology, ZoneId zone)
    {
        if (!topology.HasZone(zone)) return (UnknownZone(zone), null);
        foreach (var link in topology.Links)
        {
            if (link.From == zone || link.To == zone)
            {
                return (new Rejection(GridCodes.ZoneInUse, $"zone '{zone}' is an end of link {link}; remove the link first"), null);
            }
        }

        var meters = _needs.Metering.ActiveMetersIn(state, zone);
        return meters > 0
            ? (new Rejection(GridCodes.ZoneInUse, $"zone '{zone}' still has {meters} active meters; move or retire them first"), null)
            : (null, topology.WithoutZone(zone));
    }

    private static (Rejection?, GridTopology?) SetLink(IState state, GridTopology topology, SetLinkMessage m)
    {
        if (!topology.HasZone(m.From)) return (UnknownZone(m.From), null);
        if (!topology.HasZone(m.To)) return (UnknownZone(m.To), null);
        if (m.From == m.To) return (new Rejection(GridCodes.InvalidLink, $"a link joins two zones; trades within '{m.From}' pay the local fee"), null);
        if (CheckFee(state, m.BaseFee, "a link's base fee") is { } fee) return (fee, null);
        var max = new Wh(MaxLinkCapacity.Get(state));
        if (m.CapacityFromTo < Wh.Zero || m.CapacityToFrom < Wh.Zero || m.CapacityFromTo > max || m.CapacityToFrom > max)
        {
            return (new Rejection(GridCodes.CapacityOutOfBounds,
                $"a link's capacity is 0 to {max.Value} Wh per slot in each direction (grid.{MaxLinkCapacity.Name})"), null);
        }

        return (null, topology.WithLink(GridLink.Canonical(m.From, m.To, m.BaseFee.MicroPerKwh, m.CapacityFromTo.Value, m.CapacityToFrom.Value)));
    }

    private static (Rejection?, GridTopology?) RemoveLink(IState state, GridTopology topology, ZoneId a, ZoneId b)
    {
        if (topology.FindLink(a, b) is null) return (UnknownLink(a, b), null);
        state.Delete(OverrideKey(a, b));
        state.Delete(OverrideKey(b, a));
        return (null, topology.WithoutLink(a, b));
    }

    private static Rejection? CheckFee(IState state, PricePerKwh fee, string what)
    {
        var max = new PricePerKwh(MaxFee.Get(state));
        return fee < PricePerKwh.Zero || fee > max
            ? new Rejection(GridCodes.FeeOutOfBounds, $"{what} must be between 0 and {max.MicroPerKwh} µWATT/kWh (grid.{MaxFee.Name}), not {fee.MicroPerKwh}")
            : null;
    }

    private static (Rejection?, GridTopology?) SetFees(IState state, GridTopology topology, PricePerKwh localFee, long congestionPermille)
    {
        if (CheckFee(state, localFee, "the local fee") is { } fee) return (fee, null);
        var max = MaxCongestionPermille.Get(state);
        return congestionPermille < 0 || congestionPermille > max
            ? (new Rejection(GridCodes.CongestionOutOfBounds,
                $"the congestion factor must be between 0 and {max} permille (grid.{MaxCongestionPermille.Name}), not {congestionPermille}"), null)
            : (null, topology.WithFees(localFee.MicroPerKwh, congestionPermille));
    }

    private Rejection? SetCapacity(TxContext context, GridTopology topology, SetCapacityMessage m)
    {
        var state = context.State;
        if (topology.FindLink(m.From, m.To) is not { } link) return UnknownLink(m.From, m.To);
        var current = SlotAt(state, context.Block.Time);
        var horizon = OverrideHorizonSlots.Get(state);
        if (m.First.Index <= current.Index || m.Last.Index < m.First.Index || m.Last.Index - current.Index > horizon)
        {
            return new Rejection(GridCodes.InvalidSlotRange,
                $"an override covers future slots: first after the current slot {current}, last not before first and at most {horizon} slots ahead " +
                $"(grid.{OverrideHorizonSlots.Name}); got {m.First}..{m.Last}");
        }

        var directions = m.BothDirections ? new[] { (m.From, m.To), (m.To, m.From) } : [(m.From, m.To)];
        var raise = CapacityRaisePermille.Get(state);
        var maxOverrides = MaxOverrides.Get(state);
        foreach (var (from, to) in directions)
        {
            var normal = link.CapacityFrom(from);
            var ceiling = new Wh((long)((Int128)normal * raise / 1000));
            if (m.Capacity is { } c && (c < Wh.Zero || c > ceiling))
            {
                return new Rejection(GridCodes.CapacityOutOfBounds,
                    $"{from}→{to} may be set between 0 and {ceiling.Value} Wh per slot ({raise}‰ of its normal {normal}, " +
                    $"grid.{CapacityRaisePermille.Name}), not {c.Value}");
            }

            var next = Overrides(state, from, to).With(m.First, m.Last, m.Capacity?.Value, current);
            if (next.Ranges.Count > maxOverrides)
            {
                return new Rejection(GridCodes.TooManyOverrides,
                    $"{from}→{to} would hold {next.Ranges.Count} override ranges; at most {maxOverrides} (grid.{MaxOverrides.Name})");
            }

            if (next.Ranges.Count == 0) state.Delete(OverrideKey(from, to));
            else state.Set(OverrideKey(from, to), next.Encode());
            BumpCapacityEpoch(state);
            context.Emit(new CapacityChanged(from, to, m.First, m.Last, m.Capacity?.Value));
        }

        return null;
    }

    // --- The read API the market and the node use. ---

    /// <summary>The grid as it stands: zones, links with their normal capacities, local fee and congestion factor.</summary>
    public static GridTopology Topology(IState state)
    {
        var raw = state.Get(TopologyKey);
        return raw is null ? GridTopology.Empty : GridTopology.Decode(raw);
    }

    /// <summary>The length of a delivery slot in seconds (<c>grid.slot_seconds</c>).</summary>
    public static long SlotLengthSeconds(IState state) => SlotSeconds.Get(state);

    /// <summary>The slot that contains <paramref name="unixTime"/>.</summary>
    public static SlotId SlotAt(IState state, long unixTime)
    {
        var length = SlotLengthSeconds(state);
        // Floor division: block times are never negative, but a query may be.
        return new SlotId(unixTime >= 0 ? unixTime / length : ((unixTime + 1) / length) - 1);
    }

    /// <summary>The capacity overrides in force for energy flowing from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static CapacityOverrides Overrides(IState state, ZoneId from, ZoneId to) => CapacityOverrides.Decode(state.Get(OverrideKey(from, to)));

    /// <summary>The capacity in Wh for energy flowing from <paramref name="from"/> to <paramref name="to"/> in
    /// <paramref name="slot"/>: the DSO's override for that slot, else the link's normal capacity; null when no
    /// link joins the two zones (within one zone there is no capacity limit).</summary>
    public static long? CapacityFor(IState state, ZoneId from, ZoneId to, SlotId slot)
    {
        if (Topology(state).FindLink(from, to) is not { } link) return null;
        return Overrides(state, from, to).For(slot) ?? link.CapacityFrom(from);
    }

    /// <summary>The grid one slot is traded on: the topology with every link's capacities as they are for <paramref name="slot"/>.</summary>
    public static GridTopology TopologyFor(IState state, SlotId slot) =>
        Topology(state).WithCapacities((from, to, normal) => Overrides(state, from, to).For(slot) ?? normal);

    /// <summary>Counts the changes of link capacities (overrides and normal capacities): the market compares it with the count it
    /// last brought its open books up to, and applies the capacities each open slot now has (<c>MarketModule.EndBlock</c>).</summary>
    public static ulong CapacityEpoch(IState state) => state.Get(CapacityEpochKey) is { } raw ? System.Buffers.Binary.BinaryPrimitives
        .ReadUInt64LittleEndian(raw) : 0;

    private static void BumpCapacityEpoch(IState state)
    {
        var b = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(b, CapacityEpoch(state) + 1);
        state.Set(CapacityEpochKey, b);
    }

    private static StateKey OverrideKey(ZoneId from, ZoneId to) => StateKey.Of($"grid/override/{from.Name}/{to.Name}");
}
