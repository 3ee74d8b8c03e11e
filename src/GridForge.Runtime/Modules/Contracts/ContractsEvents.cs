using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>Kinds of the contracts module's events; each has its record below. A contract's events name it first
/// (<c>contract</c>) and are kept in its history too.</summary>
public static class ContractsEvents
{
    public const string Created = "contract_created";
    public const string Accepted = "contract_accepted";
    public const string TerminationRequested = "contract_terminating";
    public const string Ended = "contract_ended";
    public const string Lapsed = "contract_lapsed";
    public const string Suspended = "contract_suspended";
    public const string ForecastSet = "forecast_set";
    public const string OrderPlaced = "contract_order";
    public const string ActionRefused = "contract_action_refused";
    public const string SlotsMissed = "contract_slots_missed";
    public const string PpaSlot = "ppa_slot";
    public const string PpaPeriodSettled = "ppa_period_settled";
    public const string CongestionDeclared = "congestion_declared";
    public const string FlexActivated = "flex_activated";
    public const string FlexVerified = "flex_verified";

    /// <summary>Reads a stored contracts event back into its record (null for a kind this module does not emit).</summary>
    internal static IModuleEvent? Read(string kind, EventReader r) => kind switch
    {
        Created => ContractCreated.Read(r),
        Accepted => ContractAccepted.Read(r),
        TerminationRequested => ContractTerminating.Read(r),
        Ended => ContractEnded.Read(r),
        Lapsed => ContractLapsed.Read(r),
        Suspended => ContractSuspended.Read(r),
        ForecastSet => Contracts.ForecastSet.Read(r),
        OrderPlaced => ContractOrderPlaced.Read(r),
        ActionRefused => ContractActionRefused.Read(r),
        SlotsMissed => ContractSlotsMissed.Read(r),
        PpaSlot => PpaSlotActed.Read(r),
        PpaPeriodSettled => Contracts.PpaPeriodSettled.Read(r),
        CongestionDeclared => Contracts.CongestionDeclared.Read(r),
        FlexActivated => Contracts.FlexActivated.Read(r),
        FlexVerified => Contracts.FlexVerified.Read(r),
        _ => null,
    };
}

/// <summary>A contract was proposed (or, for a residential one, started); <paramref name="Counterparty"/> is null when it has none.</summary>
public sealed record ContractCreated(ulong Contract, ContractTemplate Template, Address Creator, Address? Counterparty, SlotId Start, SlotId End,
    ContractStatus Status) : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.Created;

    public void Write(EventWriter a) => a.Add("contract", Contract).Add("template", Template.Name()).Add("creator", Creator)
        .Add("counterparty", Counterparty).Add("start", Start).Add("end", End).Add("status", Status.Name());

    internal static ContractCreated Read(EventReader r) => new(r.U64("contract"), r.Enum<ContractTemplate>("template", ContractNames.Name),
        r.Address("creator"), r.OptionalAddress("counterparty"), r.Slot("start"), r.Slot("end"), r.Enum<ContractStatus>("status", ContractNames.Name));
}

/// <summary>The counterparty accepted a proposed contract.</summary>
public sealed record ContractAccepted(ulong Contract, Address By) : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.Accepted;

    public void Write(EventWriter a) => a.Add("contract", Contract).Add("by", By);

    internal static ContractAccepted Read(EventReader r) => new(r.U64("contract"), r.Address("by"));
}

/// <summary>A party gave notice: the contract ends after <paramref name="LastSlot"/>; the fee went to <paramref name="FeeTo"/> (null
/// when there is none).</summary>
public sealed record ContractTerminating(ulong Contract, Address By, long LastSlot, ulong Fee, Address? FeeTo) : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.TerminationRequested;

    public void Write(EventWriter a) => a.Add("contract", Contract).Add("by", By).Add("last_slot", LastSlot).Add("fee", Fee).Add("fee_to", FeeTo);

    internal static ContractTerminating Read(EventReader r) =>
        new(r.U64("contract"), r.Address("by"), r.I64("last_slot"), r.U64("fee"), r.OptionalAddress("fee_to"));
}

/// <summary>A contract ended: at its last slot (<paramref name="LastSlot"/>), or withdrawn or declined by a party
/// (<paramref name="By"/>); only the one given is written.</summary>
public sealed record ContractEnded(ulong Contract, ContractStatus Status, long? LastSlot = null, Address? By = null) : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.Ended;

    public void Write(EventWriter a)
    {
        a.Add("contract", Contract).Add("status", Status.Name());
        if (LastSlot is { } last) a.Add("last_slot", last);
        if (By is { } by) a.Add("by", by);
    }

    internal static ContractEnded Read(EventReader r) => new(r.U64("contract"), r.Enum<ContractStatus>("status", ContractNames.Name),
        r.Has("last_slot") ? r.I64("last_slot") : null, r.Has("by") ? r.Address("by") : null);
}

/// <summary>A proposed contract was not accepted before its start.</summary>
public sealed record ContractLapsed(ulong Contract, SlotId Start) : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.Lapsed;

    public void Write(EventWriter a) => a.Add("contract", Contract).Add("start", Start);

    internal static ContractLapsed Read(EventReader r) => new(r.U64("contract"), r.Slot("start"));
}

/// <summary>A contract's step failed and it is suspended: <paramref name="Released"/> is the flexibility escrow returned; when even
/// the suspension could not be recorded, <paramref name="Record"/> says so instead.</summary>
public sealed record ContractSuspended(ulong Contract, string Code, string Reason, ulong? Released = null, string? Record = null) : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.Suspended;

    public void Write(EventWriter a)
    {
        a.Add("contract", Contract).Add("code", Code).Add("reason", Reason);
        if (Released is { } released) a.Add("released", released);
        if (Record is { } record) a.Add("record", record);
    }

    internal static ContractSuspended Read(EventReader r) => new(r.U64("contract"), r.Text("code"), r.Text("reason"),
        r.Has("released") ? r.U64("released") : null, r.Has("record") ? r.Text("record") : null);
}

/// <summary>A residential contract's owner set its forecast for a slot.</summary>
public sealed record ForecastSet(ulong Contract, SlotId Slot, long Export, long Import) : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.ForecastSet;

    public void Write(EventWriter a) => a.Add("contract", Contract).Add("slot", Slot).Add("export", Export).Add("import", Import);

    internal static ForecastSet Read(EventReader r) => new(r.U64("contract"), r.Slot("slot"), r.I64("export"), r.I64("import"));
}

/// <summary>A contract placed an order in the market (kind <c>contract_order</c>).</summary>
public sealed record ContractOrderPlaced(ulong Contract, SlotId Slot, ulong Order, Side Side, OrderKind Kind, ZoneId Zone, long Price, long Quantity)
    : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.OrderPlaced;

    public void Write(EventWriter a) => a.Add("contract", Contract).Add("slot", Slot).Add("order", Order).Add("side", Side.Name()).Add("kind", Kind.Name())
        .Add("zone", Zone).Add("price", Price).Add("quantity", Quantity);

    internal static ContractOrderPlaced Read(EventReader r) => new(r.U64("contract"), r.Slot("slot"), r.U64("order"), r.Enum<Side>("side", MarketNames.Name),
        r.Enum<OrderKind>("kind", MarketNames.Name), r.Zone("zone"), r.I64("price"), r.I64("quantity"));
}

/// <summary>A contract's market action (<paramref name="Action"/>: <c>buy</c>, <c>sell</c>, <c>trade</c>, <c>activate</c>) was
/// refused; the contract goes on.</summary>
public sealed record ContractActionRefused(ulong Contract, SlotId Slot, string Action, string Code, string Reason) : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.ActionRefused;

    public void Write(EventWriter a) => a.Add("contract", Contract).Add("slot", Slot).Add("action", Action).Add("code", Code).Add("reason", Reason);

    internal static ContractActionRefused Read(EventReader r) => new(r.U64("contract"), r.Slot("slot"), r.Text("action"), r.Text("code"), r.Text("reason"));
}

/// <summary><paramref name="Count"/> slots from <paramref name="From"/> passed their gate before a block came: not acted in.</summary>
public sealed record ContractSlotsMissed(ulong Contract, SlotId From, long Count) : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.SlotsMissed;

    public void Write(EventWriter a) => a.Add("contract", Contract).Add("from", From).Add("count", Count);

    internal static ContractSlotsMissed Read(EventReader r) => new(r.U64("contract"), r.Slot("from"), r.I64("count"));
}

/// <summary>A PPA acted in a slot (kind <c>ppa_slot</c>): what was scheduled, traded and why the rest was not; <paramref name="Trade"/>
/// is the market trade when one was made.</summary>
public sealed record PpaSlotActed(ulong Contract, SlotId Slot, long Scheduled, long Traded, long NotOffered, long Curtailed, long NotTaken, uint? Trade)
    : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.PpaSlot;

    public void Write(EventWriter a) => a.Add("contract", Contract).Add("slot", Slot).Add("scheduled", Scheduled).Add("traded", Traded)
        .Add("not_offered", NotOffered).Add("curtailed", Curtailed).Add("not_taken", NotTaken).Add("trade", Trade);

    internal static PpaSlotActed Read(EventReader r) => new(r.U64("contract"), r.Slot("slot"), r.I64("scheduled"), r.I64("traded"), r.I64("not_offered"),
        r.I64("curtailed"), r.I64("not_taken"), r.OptionalU64("trade") is { } t ? checked((uint)t) : null);
}

/// <summary>A PPA's period settled: its sums, take-or-pay and shortfall penalty, the net and who paid it (<paramref name="Payer"/> null
/// when nothing was owed), what was paid and what became a debt.</summary>
public sealed record PpaPeriodSettled(ulong Contract, long Period, long FirstSlot, long LastSlot, long Scheduled, long Traded, long Delivered, long NotTaken,
    long NotOffered, long Curtailed, Int128 BuyerPaid, Int128 SellerReceived, Int128 TakeOrPay, Int128 Penalty, Int128 Net, Address? Payer, ulong Paid,
    UInt128 Unpaid, ulong DebtAdded) : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.PpaPeriodSettled;

    public void Write(EventWriter a) => a.Add("contract", Contract).Add("period", Period).Add("first_slot", FirstSlot).Add("last_slot", LastSlot)
        .Add("scheduled", Scheduled).Add("traded", Traded).Add("delivered", Delivered).Add("not_taken", NotTaken).Add("not_offered", NotOffered)
        .Add("curtailed", Curtailed).Add("buyer_paid", BuyerPaid).Add("seller_received", SellerReceived).Add("take_or_pay", TakeOrPay)
        .Add("penalty", Penalty).Add("net", Net).Add("payer", Payer).Add("paid", Paid).Add("unpaid", Unpaid).Add("debt_added", DebtAdded);

    internal static PpaPeriodSettled Read(EventReader r) => new(r.U64("contract"), r.I64("period"), r.I64("first_slot"), r.I64("last_slot"),
        r.I64("scheduled"), r.I64("traded"), r.I64("delivered"), r.I64("not_taken"), r.I64("not_offered"), r.I64("curtailed"), r.I128("buyer_paid"),
        r.I128("seller_received"), r.I128("take_or_pay"), r.I128("penalty"), r.I128("net"), r.OptionalAddress("payer"), r.U64("paid"), r.U128("unpaid"),
        r.U64("debt_added"));
}

/// <summary>The DSO declared congestion in a zone for a range of slots (flexibility contracts there act).</summary>
public sealed record CongestionDeclared(ZoneId Zone, SlotId From, SlotId To) : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.CongestionDeclared;

    public void Write(EventWriter a) => a.Add("zone", Zone).Add("from", From).Add("to", To);

    internal static CongestionDeclared Read(EventReader r) => new(r.Zone("zone"), r.Slot("from"), r.Slot("to"));
}

/// <summary>A flexibility contract was activated for a congested slot: the most it can pay is escrowed.</summary>
public sealed record FlexActivated(ulong Contract, SlotId Slot, ZoneId Zone, ulong Escrow) : IModuleEvent
{
    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.FlexActivated;

    public void Write(EventWriter a) => a.Add("contract", Contract).Add("slot", Slot).Add("zone", Zone).Add("escrow", Escrow);

    internal static FlexActivated Read(EventReader r) => new(r.U64("contract"), r.Slot("slot"), r.Zone("zone"), r.U64("escrow"));
}

/// <summary>An activated flexibility slot was verified against the provider's metered value (null, written <c>none</c>, when it has no
/// reading: nothing is paid).</summary>
public sealed record FlexVerified(ulong Contract, SlotId Slot, long Baseline, long? Metered, long Reduction, ulong Paid, ulong Released) : IModuleEvent
{
    /// <summary>How a missing metered value is written.</summary>
    public const string NoReading = "none";

    string IModuleEvent.Module => ContractsModule.ModuleName;
    string IModuleEvent.Kind => ContractsEvents.FlexVerified;

    public void Write(EventWriter a)
    {
        a.Add("contract", Contract).Add("slot", Slot).Add("baseline", Baseline);
        if (Metered is { } metered) a.Add("metered", metered);
        else a.Add("metered", NoReading);
        a.Add("reduction", Reduction).Add("paid", Paid).Add("released", Released);
    }

    internal static FlexVerified Read(EventReader r) => new(r.U64("contract"), r.Slot("slot"), r.I64("baseline"),
        r.Text("metered") == NoReading ? null : r.I64("metered"), r.I64("reduction"), r.U64("paid"), r.U64("released"));
}
