using System.Buffers.Binary;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>The meter registry and signed meter readings (DESIGN §6 Metering). Only the DSO registers, moves or
/// retires a meter; anyone may submit a batch of readings, each checked on its own against its meter's key,
/// the acceptance window, its registers and its rated power; accepted readings feed the energy balances.</summary>
public sealed partial class MeteringModule : IModule
{
    public const string ModuleName = "metering";

    private const string MeterPrefix = "metering/meter/";
    private const string RegistersPrefix = "metering/registers/";
    private const string ReadingPrefix = "metering/reading/";

    private readonly MeteringNeeds _needs;

    /// <summary>Metering that reaches other modules only through <paramref name="needs"/>.</summary>
    internal MeteringModule(MeteringNeeds needs) => _needs = needs;

    public byte Id => ModuleIds.Metering;

    public string Name => ModuleName;

    public void RegisterMessages(MessageRegistry registry)
    {
        registry.Register(ModuleIds.Metering, RegisterMeterMessage.TypeId, "metering.register_meter", RegisterMeterMessage.Decode);
        registry.Register(ModuleIds.Metering, MoveMeterMessage.TypeId, "metering.move_meter", MoveMeterMessage.Decode);
        registry.Register(ModuleIds.Metering, RetireMeterMessage.TypeId, "metering.retire_meter", RetireMeterMessage.Decode);
        registry.Register(ModuleIds.Metering, SubmitReadingsMessage.TypeId, "metering.submit_readings", SubmitReadingsMessage.Decode);
    }

    public void InitGenesis(TxContext context, GenesisDocument genesis)
    {
    }

    public Rejection? Execute(TxContext context, IMessage message)
    {
        if (message is SubmitReadingsMessage readings)
        {
            SubmitReadings(context, readings);
            return null;
        }

        if (_needs.Grid.Dso(context.State) != context.Sender)
        {
            return new Rejection(RejectionCodes.Unauthorized,
                $"only the holder of the '{_needs.Grid.DsoRole}' role changes the meter registry; {context.Sender} does not hold it");
        }

        return message switch
        {
            RegisterMeterMessage m => Register(context, m),
            MoveMeterMessage m => Move(context, m),
            RetireMeterMessage m => Retire(context, m),
            _ => new Rejection(RejectionCodes.UnknownMessage, $"the metering module has no message {message.Type}"),
        };
    }

    public void EndBlock(TxContext context)
    {
    }

    // --- Registry ---

    private Rejection? Register(TxContext context, RegisterMeterMessage m)
    {
        var state = context.State;
        if (state.Get(MeterKey(m.Meter)) is not null)
        {
            return new Rejection(MeteringCodes.MeterExists, $"meter {m.Meter} is registered already (a retired meter's key is never registered again)");
        }

        if (CheckZone(state, m.Zone) is { } zone) return zone;
        var maxPower = MaxRatedPowerW.Get(state);
        if (m.RatedPowerW < 1 || m.RatedPowerW > maxPower)
        {
            return new Rejection(MeteringCodes.InvalidRatedPower,
                $"a meter's rated power is 1 to {maxPower} W (metering.{MaxRatedPowerW.Name}), not {m.RatedPowerW}");
        }

        if (m.ImportRegister.Value < 0 || m.ExportRegister.Value < 0)
        {
            return new Rejection(MeteringCodes.InvalidRegisters, "a meter's registers start at 0 Wh or more");
        }

        var record = new MeterRecord(m.Meter, m.Owner, m.Zone, m.Kind, m.Technology, m.RatedPowerW, MeterStatus.Active, m.Serial);
        state.Set(MeterKey(m.Meter), record.Encode());
        state.Set(RegistersKey(m.Meter), new MeterRegisters(null, m.ImportRegister, m.ExportRegister).Encode());
        AddToOwner(state, m.Owner, m.Meter);
        AddToZone(state, m.Zone, 1);
        context.Emit(new MeterRegistered(m.Meter, m.Owner, m.Zone, m.Kind, m.Technology, m.RatedPowerW));
        return null;
    }

    private Rejection? Move(TxContext context, MoveMeterMessage m)
    {
        var state = context.State;
        if (ActiveMeter(state, m.Meter, out var record) is { } missing) return missing;
        if (CheckZone(state, m.Zone) is { } zone) return zone;
        if (record.Owner != m.Owner)
        {
            RemoveFromOwner(state, record.Owner, m.Meter);
            AddToOwner(state, m.Owner, m.Meter);
        }

        if (record.Zone != m.Zone)
        {
            AddToZone(state, record.Zone, -1);
            AddToZone(state, m.Zone, 1);
        }

        // The slots before this one keep their owner and zone: readings of them still arriving count for those.
        var from = EndService(context, record);
        state.Set(MeterKey(m.Meter), (record with { Owner = m.Owner, Zone = m.Zone, Since = from }).Encode());
        context.Emit(new MeterMoved(m.Meter, m.Owner, m.Zone, record.Owner, record.Zone));
        return null;
    }

    private Rejection? Retire(TxContext context, RetireMeterMessage m)
    {
        var state = context.State;
        if (ActiveMeter(state, m.Meter, out var record) is { } missing) return missing;
        RemoveFromOwner(state, record.Owner, m.Meter);
        AddToZone(state, record.Zone, -1);
        // Its accepted readings of the slots it served still settle for its owner (the current slot included: it may not report it).
        EndService(context, record, includeCurrent: true);
        state.Set(MeterKey(m.Meter), (record with { Status = MeterStatus.Retired }).Encode());
        context.Emit(new MeterRetired(m.Meter, record.Owner, record.Zone));
        return null;
    }

    /// <summary>Closes the meter's current stretch of service (owner and zone since <see cref="MeterRecord.Since"/>) at the block's
    /// slot, or after it, and records it in the meter's history and among the owner's former meters; returns where the next starts.</summary>
    private long EndService(TxContext context, MeterRecord record, bool includeCurrent = false)
    {
        var state = context.State;
        var current = _needs.Grid.SlotAt(state, context.Block.Time).Index;
        var to = Math.Max(record.Since, includeCurrent ? checked(current + 1) : current);
        if (to > record.Since)
        {
            var history = ServicePeriod.DecodeList(state.Get(ServiceKey(record.Id)));
            state.Set(ServiceKey(record.Id), ServicePeriod.EncodeList([.. history, new ServicePeriod(record.Owner, record.Zone, record.Since, to)]));
            var former = Former(state, record.Owner);
            if (!former.Contains(record.Id)) SetIds(state, FormerKey(record.Owner), [.. former.Append(record.Id).Order()]);
        }

        return to;
    }

    private Rejection? CheckZone(IState state, ZoneId zone) =>
        _needs.Grid.Topology(state).HasZone(zone) ? null : new Rejection(GridCodes.UnknownZone, $"the grid has no zone '{zone}'");

    private static Rejection? ActiveMeter(IState state, MeterId id, out MeterRecord record)
    {
        var found = Meter(state, id);
        record = found!;
        if (found is null) return new Rejection(MeteringCodes.UnknownMeter, $"no meter {id} is registered");
        return found.IsActive ? null : new Rejection(MeteringCodes.RetiredMeter, $"meter {id} is retired");
    }

    // --- Readings ---

    private void SubmitReadings(TxContext context, SubmitReadingsMessage batch)
    {
        var state = context.State;
        var signed = batch.SignatureVerdicts(context.Block.ChainId);
        var window = new ReadingWindow(context.Block.Time, _needs.Grid.SlotLengthSeconds(state), AcceptanceWindowSeconds.Get(state));
        var accepted = new IndexRanges();
        for (var i = 0; i < batch.Readings.Count; i++)
        {
            var reading = batch.Readings[i];
            if (Accept(state, reading, signed[i], window) is { } refused)
            {
                context.Emit(new ReadingRejected(i, reading.Meter, reading.Slot, refused.Code, refused.Message));
            }
            else
            {
                accepted.Add(i);
            }
        }

        // One event names every accepted reading (by index ranges): an event per reading would cost more than the reading.
        context.Emit(new ReadingsAccepted(accepted.Count, accepted.ToString()));
    }

    /// <summary>The meter already has a reading of this slot (<c>duplicate_reading</c>) or of a later one (<c>out_of_order</c>).</summary>
    private static Rejection? Superseded(IState state, MeterReading r, MeterRegisters registers)
    {
        if (registers.LastSlot is not { } last || r.Slot.Index > last.Index) return null;
        return r.Slot == last || state.Get(ReadingKey(r.Meter, r.Slot)) is not null
            ? new Rejection(MeteringCodes.DuplicateReading, $"meter {r.Meter} already has a reading for slot {r.Slot}")
            : new Rejection(MeteringCodes.OutOfOrder,
                $"meter {r.Meter} has a reading for the later slot {last}; a meter's readings are accepted in slot order");
    }

    /// <summary>The refusal of <paramref name="r"/> that no later block can lift, judged from committed state at chain time
    /// <paramref name="time"/>: the meter already has a reading of the slot or a later one, or the slot's acceptance window has
    /// closed. Null when a block may still accept it. A gateway answers such a reading at once instead of paying a transaction
    /// for it; the block's own checks stay the rule. <paramref name="slotSeconds"/> is the grid's slot length, read by the
    /// caller (<see cref="MeteringQueries.FinalRefusal"/>).</summary>
    internal static Rejection? FinalRefusal(IState state, MeterReading r, long time, long slotSeconds)
    {
        if (Superseded(state, r, Registers(state, r.Meter)) is { } superseded) return superseded;
        var window = new ReadingWindow(time, slotSeconds, AcceptanceWindowSeconds.Get(state));
        return window.Closed(r.Slot);
    }

    /// <summary>Checks one reading and, when it passes, records it; a refused reading writes nothing.</summary>
    private static Rejection? Accept(IState state, MeterReading r, bool signed, ReadingWindow window)
    {
        if (r.Slot.Index < 0 || r.Imported.Value < 0 || r.Exported.Value < 0 || r.ImportRegister.Value < 0 || r.ExportRegister.Value < 0)
        {
            return new Rejection(MeteringCodes.InvalidValues, "slot, energies and registers are never negative");
        }

        if (Meter(state, r.Meter) is not { } meter) return new Rejection(MeteringCodes.UnknownMeter, $"no meter {r.Meter} is registered");
        if (!meter.IsActive) return new Rejection(MeteringCodes.RetiredMeter, $"meter {r.Meter} is retired");
        if (!signed) return new Rejection(MeteringCodes.BadSignature, "the signature does not verify against the meter's key for this chain");
        if (window.Refuses(r.Slot) is { } outside) return outside;

        var registers = Registers(state, r.Meter);
        if (Superseded(state, r, registers) is { } superseded) return superseded;

        if ((meter.Kind == MeterKind.Production && r.Imported.Value > 0) || (meter.Kind == MeterKind.Consumption && r.Exported.Value > 0))
        {
            return new Rejection(MeteringCodes.WrongDirection,
                $"a {meter.Kind.Name()} meter cannot {(meter.Kind == MeterKind.Production ? "import" : "export")} energy");
        }

        var max = MaxEnergyPerSlot(meter.RatedPowerW, window.SlotLength);
        if (r.Imported.Value > max.Value || r.Exported.Value > max.Value)
        {
            return new Rejection(MeteringCodes.OverRatedPower,
                $"{Math.Max(r.Imported.Value, r.Exported.Value)} Wh exceeds the {max.Value} Wh that {meter.RatedPowerW} W deliver in one slot");
        }

        if (r.ImportRegister.Value < registers.Import.Value || r.ExportRegister.Value < registers.Export.Value)
        {
            return new Rejection(MeteringCodes.RegistersBackwards,
                $"the registers went backwards from import {registers.Import.Value}, export {registers.Export.Value} Wh");
        }

        // Registers at the end of the previous slot must differ by exactly this slot's energy; across a gap
        // (missed slots, or the first reading) they must have moved at least that much.
        var importDelta = r.ImportRegister.Value - registers.Import.Value;
        var exportDelta = r.ExportRegister.Value - registers.Export.Value;
        var contiguous = registers.LastSlot is { } previous && previous.Index == r.Slot.Index - 1;
        if (contiguous ? importDelta != r.Imported.Value || exportDelta != r.Exported.Value : importDelta < r.Imported.Value || exportDelta < r.Exported.Value)
        {
            return new Rejection(MeteringCodes.RegistersMismatch,
                $"the registers moved by import {importDelta}, export {exportDelta} Wh, which disagrees with the reported {r.Imported.Value} and " +
                $"{r.Exported.Value} Wh");
        }

        state.Set(RegistersKey(r.Meter), new MeterRegisters(r.Slot, r.ImportRegister, r.ExportRegister).Encode());
        state.Set(ReadingKey(r.Meter, r.Slot), new SlotReading(r.Imported, r.Exported, r.ImportRegister, r.ExportRegister).Encode());
        // The account the meter measured for in that slot (it may have been moved since).
        EnergyBalances.Add(state, ServiceAt(state, meter, r.Slot)?.Owner ?? meter.Owner, r.Slot,
            new EnergyBalance { Produced = r.Exported, Consumed = r.Imported });
        return null;
    }

    // --- State layout ---

    private static StateKey MeterKey(MeterId id)
    {
        Span<byte> k = stackalloc byte[MeterId.Size];
        id.CopyTo(k);
        return StateKey.Of(MeterPrefix, k);
    }

    private static StateKey RegistersKey(MeterId id)
    {
        Span<byte> k = stackalloc byte[MeterId.Size];
        id.CopyTo(k);
        return StateKey.Of(RegistersPrefix, k);
    }

    private static StateKey ReadingKey(MeterId id, SlotId slot)
    {
        Span<byte> k = stackalloc byte[MeterId.Size + 8];
        id.CopyTo(k);
        BinaryPrimitives.WriteInt64BigEndian(k[MeterId.Size..], slot.Index);
        return StateKey.Of(ReadingPrefix, k);
    }

    private static StateKey OwnerKey(Address owner)
    {
        Span<byte> k = stackalloc byte[Address.Size];
        owner.CopyTo(k);
        return StateKey.Of("metering/owned/", k);
    }

    private static StateKey ZoneKey(ZoneId zone) => StateKey.Of("metering/zone/" + zone.Name);

    private static StateKey FormerKey(Address owner) => StateKey.Of("metering/former/", owner.ToBytes());

    private static StateKey ServiceKey(MeterId id)
    {
        Span<byte> k = stackalloc byte[MeterId.Size];
        id.CopyTo(k);
        return StateKey.Of("metering/service/", k);
    }

    /// <summary>The state key prefix under which every meter record lies (for the node's listings).</summary>
    internal static byte[] MeterRecordPrefix => System.Text.Encoding.ASCII.GetBytes(MeterPrefix);

    private static void AddToOwner(IState state, Address owner, MeterId meter) =>
        SetOwned(state, owner, [.. MetersOf(state, owner).Append(meter).Order()]);

    private static void RemoveFromOwner(IState state, Address owner, MeterId meter) =>
        SetOwned(state, owner, [.. MetersOf(state, owner).Where(m => m != meter)]);

    private static void SetOwned(IState state, Address owner, MeterId[] meters) => SetIds(state, OwnerKey(owner), meters);

    private static void SetIds(IState state, StateKey key, MeterId[] meters)
    {
        if (meters.Length == 0)
        {
            state.Delete(key);
            return;
        }

        var bytes = new byte[meters.Length * MeterId.Size];
        for (var i = 0; i < meters.Length; i++) meters[i].CopyTo(bytes.AsSpan(i * MeterId.Size));
        state.Set(key, bytes);
    }

    private static IReadOnlyList<MeterId> Ids(IState state, StateKey key)
    {
        var raw = state.Get(key);
        if (raw is null) return [];
        var list = new MeterId[raw.Length / MeterId.Size];
        for (var i = 0; i < list.Length; i++) list[i] = new MeterId(raw.AsSpan(i * MeterId.Size, MeterId.Size));
        return list;
    }

    private static void AddToZone(IState state, ZoneId zone, long delta)
    {
        var count = checked(ActiveMetersIn(state, zone) + delta);
        if (count == 0)
        {
            state.Delete(ZoneKey(zone));
            return;
        }

        var b = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, count);
        state.Set(ZoneKey(zone), b);
    }

    // --- The read API the market, settlement and the node use. ---

    /// <summary>A meter's registry record (active or retired), or null when the key was never registered.</summary>
    public static MeterRecord? Meter(IState state, MeterId id) => state.Get(MeterKey(id)) is { } raw ? MeterRecord.Decode(id, raw) : null;

    /// <summary>The active meters of an account, in id order.</summary>
    public static IReadOnlyList<MeterId> MetersOf(IState state, Address owner) => Ids(state, OwnerKey(owner));

    /// <summary>Meters that measured for an account before they were moved away or retired, in id order.</summary>
    public static IReadOnlyList<MeterId> Former(IState state, Address owner) => Ids(state, FormerKey(owner));

    /// <summary>A meter's closed stretches of service, oldest first (its current one is its record's owner and zone since
    /// <see cref="MeterRecord.Since"/>).</summary>
    internal static IReadOnlyList<ServicePeriod> ServiceHistory(IState state, MeterId id) => ServicePeriod.DecodeList(state.Get(ServiceKey(id)));

    /// <summary>Whom and where the meter measured for in <paramref name="slot"/>, or null when it did not serve then (a slot
    /// after its retirement).</summary>
    internal static ServicePeriod? ServiceAt(IState state, MeterRecord meter, SlotId slot)
    {
        if (meter.IsActive && slot.Index >= meter.Since) return new ServicePeriod(meter.Owner, meter.Zone, meter.Since, long.MaxValue);
        foreach (var p in ServiceHistory(state, meter.Id))
        {
            if (p.Covers(slot)) return p;
        }

        return null;
    }

    /// <summary>The meters that measured for <paramref name="owner"/> in <paramref name="zone"/> during <paramref name="slot"/> and
    /// have a reading of it, in meter-id order, each record showing the owner and zone of that slot: what settlement allocates to
    /// the owner's trades and what its contracts read. A meter moved or retired since still counts for the slots it served.</summary>
    public static IReadOnlyList<(MeterRecord Meter, SlotReading Reading)> ServedBy(IState state, Address owner, ZoneId zone, SlotId slot)
    {
        var list = new List<(MeterRecord, SlotReading)>();
        var current = MetersOf(state, owner);
        var former = Former(state, owner);
        IEnumerable<MeterId> ids = former.Count == 0 ? current : current.Concat(former).Distinct().Order();
        foreach (var id in ids)
        {
            if (Meter(state, id) is not { } meter || ServiceAt(state, meter, slot) is not { } served) continue;
            if (served.Owner != owner || served.Zone != zone || Reading(state, id, slot) is not { } reading) continue;
            list.Add((meter with { Owner = owner, Zone = zone }, reading));
        }

        return list;
    }

    /// <summary>How many active meters a zone holds.</summary>
    public static long ActiveMetersIn(IState state, ZoneId zone) =>
        state.Get(ZoneKey(zone)) is { } raw ? BinaryPrimitives.ReadInt64LittleEndian(raw) : 0;

    /// <summary>The registers after the meter's latest accepted reading (or at registration).</summary>
    public static MeterRegisters Registers(IState state, MeterId id) =>
        state.Get(RegistersKey(id)) is { } raw ? MeterRegisters.Decode(raw) : default;

    /// <summary>The meter's accepted reading of <paramref name="slot"/>, if any.</summary>
    public static SlotReading? Reading(IState state, MeterId id, SlotId slot) =>
        state.Get(ReadingKey(id, slot)) is { } raw ? SlotReading.Decode(raw) : null;

    /// <summary>The most energy a meter of <paramref name="ratedPowerW"/> can move in one slot: floor(W × s / 3600) Wh.</summary>
    public static Wh MaxEnergyPerSlot(long ratedPowerW, long slotSeconds) => new((long)((Int128)ratedPowerW * slotSeconds / 3600));

    /// <summary>What an account's active production meters in <paramref name="zone"/> can export in one slot:
    /// the ceiling of what it may offer there (DESIGN §6 Market).</summary>
    public Wh ProductionCapacity(IState state, Address owner, ZoneId zone) =>
        ProductionCapacity(state, owner, zone, _needs.Grid.SlotLengthSeconds(state));

    /// <summary><see cref="ProductionCapacity(IState, Address, ZoneId)"/> for a grid whose slots last
    /// <paramref name="slotSeconds"/> (read through the module's needs, or the grid's queries).</summary>
    internal static Wh ProductionCapacity(IState state, Address owner, ZoneId zone, long slotSeconds)
    {
        var total = new Wh(0);
        foreach (var id in MetersOf(state, owner))
        {
            if (Meter(state, id) is { IsActive: true, Produces: true } m && m.Zone == zone) total += MaxEnergyPerSlot(m.RatedPowerW, slotSeconds);
        }

        return total;
    }

    /// <summary>The first Unix second at which no reading of <paramref name="slot"/> is accepted any more: settlement
    /// of the slot may run from then on.</summary>
    public long WindowClosesAt(IState state, SlotId slot) => WindowClosesAt(state, slot, _needs.Grid.SlotLengthSeconds(state));

    /// <summary><see cref="WindowClosesAt(IState, SlotId)"/> for slots of <paramref name="slotSeconds"/> (read through the
    /// module's needs, or the grid's queries).</summary>
    internal static long WindowClosesAt(IState state, SlotId slot, long slotSeconds) =>
        checked(((slot.Index + 1) * slotSeconds) + AcceptanceWindowSeconds.Get(state));
}
