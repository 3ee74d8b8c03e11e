using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Contracts;

/// <summary>Contract templates executed by the runtime (DESIGN §6 Contracts): residential trading rules, commercial PPAs and
/// grid flexibility. At the end of every block each live contract acts in the slots whose run time has come — through the
/// market's own order and trade paths, so a contract can do nothing a manual order could not — and settles what its terms
/// settle beyond the market (PPA take-or-pay and penalties, flexibility payments).</summary>
public sealed partial class ContractsModule : IModule
{
    public const string ModuleName = "contracts";

    private readonly ContractsNeeds _needs;

    /// <summary>Contracts that reach other modules only through <paramref name="needs"/>.</summary>
    internal ContractsModule(ContractsNeeds needs) => _needs = needs;

    public byte Id => ModuleIds.Contracts;

    public string Name => ModuleName;

    public void RegisterMessages(MessageRegistry registry)
    {
        registry.Register(ModuleIds.Contracts, CreateContractMessage.TypeId, "contracts.create", CreateContractMessage.Decode);
        registry.Register(ModuleIds.Contracts, AcceptContractMessage.TypeId, "contracts.accept", AcceptContractMessage.Decode);
        registry.Register(ModuleIds.Contracts, TerminateContractMessage.TypeId, "contracts.terminate", TerminateContractMessage.Decode);
        registry.Register(ModuleIds.Contracts, SetForecastMessage.TypeId, "contracts.set_forecast", SetForecastMessage.Decode);
        registry.Register(ModuleIds.Contracts, DeclareCongestionMessage.TypeId, "contracts.declare_congestion", DeclareCongestionMessage.Decode);
    }

    public void InitGenesis(TxContext context, GenesisDocument genesis)
    {
    }

    public Rejection? Execute(TxContext context, IMessage message) => message switch
    {
        CreateContractMessage m => Create(context, m),
        AcceptContractMessage m => Accept(context, m),
        TerminateContractMessage m => Terminate(context, m),
        SetForecastMessage m => SetForecast(context, m),
        DeclareCongestionMessage m => DeclareCongestion(context, m),
        _ => new Rejection(RejectionCodes.UnknownMessage, $"the contracts module has no message {message.Type}"),
    };

    /// <summary>The needs of the contracts module installed in the context's host: how the runners, which work on a context,
    /// reach other modules.</summary>
    internal static ContractsNeeds NeedsOf(TxContext context) => context.Modules.Get<ContractsModule>()._needs;

    /// <summary>When a slot's contracts act: the lead time before its gate closure.</summary>
    public static long RunTime(TxContext context, SlotId slot) => checked(NeedsOf(context).Market
        .GateTime(context.State, slot) - LeadSeconds.Get(context.State));

    private Rejection? Create(TxContext context, CreateContractMessage m)
    {
        var needs = NeedsOf(context);
        var state = context.State;
        if (m.Terms.Template != m.Template) return Invalid("the terms do not belong to the template");
        if (m.End.Index < m.Start.Index) return new Rejection(ContractsCodes.InvalidTerm,
            $"a contract ends at or after its start, not slot {m.End} before {m.Start}");
        var maxSlots = MaxSlots.Get(state);
        if (checked(m.End.Index - m.Start.Index + 1) > maxSlots) return new Rejection(ContractsCodes.InvalidTerm,
            $"a contract lasts at most {maxSlots} slots ({Name}.{MaxSlots.Name})");
        if (m.NoticeSlots > maxSlots) return new Rejection(ContractsCodes.InvalidTerm, $"a notice is at most {maxSlots} slots");
        if (context.Block.Time >= needs.Market.GateTime(state, m.Start)) return new Rejection(ContractsCodes.TooLate,
            $"slot {m.Start}'s book has closed; a contract starts at a later slot");
        var live = ContractStore.Live(state);
        if (live.Count >= MaxLive.Get(state)) return new Rejection(ContractsCodes.TooManyContracts,
            $"{live.Count} contracts are live, the most {Name}.{MaxLive.Name} allows");
        if (CheckTerms(needs, state, context.Sender, m) is { } refused) return refused;

        var c = new ContractRecord
        {
            Id = ContractStore.NextId(state),
            Template = m.Template,
            Creator = context.Sender,
            Counterparty = m.Counterparty,
            Start = m.Start,
            End = m.End,
            NoticeSlots = m.NoticeSlots,
            TerminationFee = m.TerminationFee.Micro,
            Terms = m.Terms.ToBytes(),
            Status = m.Template == ContractTemplate.Residential ? ContractStatus.Active : ContractStatus.Proposed,
            NextSlot = m.Start.Index,
            NextSettle = m.Template == ContractTemplate.Ppa ? PpaRunner.PeriodOf(needs.Grid.SlotLengthSeconds(state), ((PpaTerms)m.Terms).Period, m.Start)
                : m.Start.Index,
            CreatedAt = context.Block.Time,
        };
        state.Set(ContractStore.PartyKey(c.Creator, c.Id), [1]);
        if (c.Counterparty != Address.None) state.Set(ContractStore.PartyKey(c.Counterparty, c.Id), [1]);
        ContractStore.SetLive(state, SlotList.With(live, (long)c.Id));
        Emit(context, c, new ContractCreated(c.Id, c.Template, c.Creator, c.Counterparty == Address.None ? null : c.Counterparty, c.Start, c.End, c.Status));
        ContractStore.Set(state, c);
        return null;
    }

    private static Rejection Invalid(string why) => new(ContractsCodes.InvalidTerms, why);

    private static Rejection? CheckTerms(ContractsNeeds needs, IState state, Address creator, CreateContractMessage m)
    {
        var topology = needs.Grid.Topology(state);
        var limit = needs.Market.PriceLimit(state);
        var maxWh = needs.Market.MaxOrderWh(state);
        Rejection? Zone(ZoneId z) => topology.HasZone(z) ? null : new Rejection(GridCodes.UnknownZone, $"the grid has no zone '{z}'");
        Rejection? Price(PricePerKwh price, string what) => price.MicroPerKwh is var p && (p < -limit || p > limit)
            ? Invalid($"the {what} is between -{limit} and {limit} µWATT/kWh, not {p}") : null;
        Rejection? Energy(Wh energy, string what) =>
            energy.Value is var wh && (wh < 0 || wh > maxWh) ? Invalid($"the {what} is 0 to {maxWh} Wh, not {wh}") : null;
        Rejection? Value(Wh wh, PricePerKwh price, string what) =>
            Escrow.CeilExact(wh, new PricePerKwh(Math.Abs(price.MicroPerKwh))) is var v && v > ContractTerms.MaxSlotValue
            ? Invalid($"{what} could be worth {v} µWATT in one slot; a contract's slot is worth at most {ContractTerms.MaxSlotValue} µWATT (10^12 WATT)")
            : null;
        switch (m.Terms)
        {
            case ResidentialTerms r:
                if (m.Counterparty != Address.None) return Invalid("a residential rule has one party, its owner; the counterparty is empty");
                if (!m.TerminationFee.IsZero) return Invalid("a residential rule has no other party to pay a termination fee to");
                if (r.PreferredCounterparties.Contains(creator)) return Invalid("an account does not buy from itself");
                return Zone(r.Zone) ?? Energy(r.ReserveWh, "reserve") ?? Energy(r.BuyLimitWh, "buy limit") ?? Price(r.FloorPrice, "floor price")
                    ?? Price(r.CeilingPrice, "ceiling price")
                    ?? Value(r.BuyLimitWh, r.CeilingPrice, "the buy limit at the ceiling price")
                    ?? r.PreferredZones.Select(Zone).FirstOrDefault(z => z is not null);
            case PpaTerms p:
                if (m.Counterparty == Address.None || m.Counterparty == creator) return Invalid("a PPA is between the creator and another account");
                if (p.Price < PricePerKwh.Zero) return Invalid("a PPA's price is not negative");
                if (p.Schedule.Count == 0) return Invalid("a PPA's schedule has at least one entry");
                if (p.TakeOrPayPermille > 1_000) return Invalid($"the take-or-pay share is 0 to 1000 ‰, not {p.TakeOrPayPermille}");
                if (p.ShortfallPenalty.MicroPerKwh is < 0 or > 1_000_000_000_000) return Invalid("the shortfall penalty is 0 to 10^12 µWATT/kWh");
                return Zone(p.SellZone) ?? Zone(p.BuyZone) ?? Price(p.Price, "price")
                    ?? p.Schedule.Select(wh => Energy(wh, "scheduled volume")
                    ?? Value(wh, p.Price > p.ShortfallPenalty ? p.Price : p.ShortfallPenalty, "a scheduled volume at the larger of price and penalty"))
                        .FirstOrDefault(x => x is not null);
            case FlexibilityTerms f:
                if (needs.Grid.Dso(state) != creator) return new Rejection(RejectionCodes.Unauthorized,
                    "the DSO offers flexibility contracts; the provider accepts them");
                if (m.Counterparty == Address.None || m.Counterparty == creator) return Invalid("a flexibility contract is between the DSO and a provider");
                if (f.Price <= PricePerKwh.Zero) return Invalid("a flexibility price is positive");
                if (f.MaxWh <= Wh.Zero) return Invalid("a flexibility contract's most paid reduction per slot is positive");
                var maxDays = MaxBaselineDays.Get(state);
                if (f.BaselineDays < 1 || f.BaselineDays > maxDays) return Invalid($"a baseline averages 1 to {maxDays} days, not {f.BaselineDays}");
                return Zone(f.Zone) ?? Price(f.Price, "price") ?? Energy(f.MaxWh, "most paid reduction")
                    ?? Value(f.MaxWh, f.Price, "the most paid reduction at the price");
            default:
                return Invalid("unknown template");
        }
    }

    private Rejection? Accept(TxContext context, AcceptContractMessage m)
    {
        var needs = NeedsOf(context);
        var state = context.State;
        if (Find(state, m.Contract, out var c) is { } missing) return missing;
        if (c.Status != ContractStatus.Proposed) return new Rejection(ContractsCodes.NotProposed, $"contract {c.Id} is {c.Status.Name()}, not proposed");
        if (context.Sender != c.Counterparty) return new Rejection(ContractsCodes.NotParty,
            $"contract {c.Id} is proposed to {c.Counterparty}, not {context.Sender}");
        if (context.Block.Time >= needs.Market.GateTime(state, c.Start)) return new Rejection(ContractsCodes.TooLate,
            $"contract {c.Id} was to start in slot {c.Start}, whose book has closed");
        c.Status = ContractStatus.Active;
        Emit(context, c, new ContractAccepted(c.Id, context.Sender));
        ContractStore.Set(state, c);
        return null;
    }

    private Rejection? Terminate(TxContext context, TerminateContractMessage m)
    {
        var needs = NeedsOf(context);
        var state = context.State;
        if (Find(state, m.Contract, out var c) is { } missing) return missing;
        if (!c.IsParty(context.Sender)) return new Rejection(ContractsCodes.NotParty, $"{context.Sender} is not a party to contract {c.Id}");
        if (c.Status is not (ContractStatus.Proposed
            or ContractStatus.Active)) return new Rejection(ContractsCodes.NotActive, $"contract {c.Id} is {c.Status.Name()}");
        if (c.TerminatedBy != Address.None) return new Rejection(ContractsCodes.AlreadyTerminated, $"contract {c.Id} ends at slot {c.LastSlot} already");
        c.TerminatedBy = context.Sender;
        if (c.Status == ContractStatus.Proposed)
        {
            c.TerminationEnd = c.Start.Index - 1;
            c.Status = ContractStatus.Terminated;
            ContractStore.SetLive(state, [.. ContractStore.Live(state).Where(id => id != (long)c.Id)]);
            Emit(context, c, new ContractEnded(c.Id, c.Status, By: context.Sender));
            ContractStore.Set(state, c);
            return null;
        }

        var other = c.Other(context.Sender);
        if (c.TerminationFee > 0 && needs.Tokens.Transfer(state, context.Sender, other, Token.Watt, c.TerminationFee) is { } refused) return refused;
        var current = needs.Grid.SlotAt(state, context.Block.Time).Index;
        c.TerminationEnd = Math.Min(c.End.Index, Math.Max(c.NextSlot - 1, checked(current + c.NoticeSlots)));
        Emit(context, c, new ContractTerminating(c.Id, context.Sender, c.LastSlot, c.TerminationFee, c.TerminationFee > 0 ? other : null));
        ContractStore.Set(state, c);
        return null;
    }

    private Rejection? SetForecast(TxContext context, SetForecastMessage m)
    {
        var needs = NeedsOf(context);
        var state = context.State;
        if (Find(state, m.Contract, out var c) is { } missing) return missing;
        if (c.Template != ContractTemplate.Residential) return new Rejection(ContractsCodes.WrongTemplate,
            $"contract {c.Id} is a {c.Template.Name()} contract; forecasts drive residential rules");
        if (context.Sender != c.Creator) return new Rejection(ContractsCodes.NotParty, $"contract {c.Id} belongs to {c.Creator}, not {context.Sender}");
        if (c.Status != ContractStatus.Active) return new Rejection(ContractsCodes.NotActive, $"contract {c.Id} is {c.Status.Name()}");
        if (m.Slot.Index < c.NextSlot || m.Slot.Index > c.LastSlot) return new Rejection(ContractsCodes.TooLate,
            $"contract {c.Id} acts next in slot {c.NextSlot} and last in {c.LastSlot}; slot {m.Slot} is not ahead of it");
        var max = new Wh(needs.Market.MaxOrderWh(state));
        if (m.ExportWh < Wh.Zero || m.ExportWh > max || m.ImportWh < Wh.Zero || m.ImportWh > max) return Invalid($"a forecast is 0 to {max.Value} Wh each way");
        ContractStore.SetForecast(state, c.Id, m.Slot, m.ExportWh.Value, m.ImportWh.Value);
        Emit(context, c, new ForecastSet(c.Id, m.Slot, m.ExportWh.Value, m.ImportWh.Value));
        ContractStore.Set(state, c);
        return null;
    }

    private Rejection? DeclareCongestion(TxContext context, DeclareCongestionMessage m)
    {
        var needs = NeedsOf(context);
        var state = context.State;
        if (needs.Grid.Dso(state) != context.Sender) return new Rejection(RejectionCodes.Unauthorized, "only the DSO declares congestion");
        if (!needs.Grid.Topology(state).HasZone(m.Zone)) return new Rejection(GridCodes.UnknownZone, $"the grid has no zone '{m.Zone}'");
        var max = MaxCongestionSlots.Get(state);
        if (m.To.Index < m.From.Index || checked(m.To.Index - m.From.Index
            + 1) > max) return new Rejection(GridCodes.InvalidSlotRange, $"a declaration covers 1 to {max} slots, from its first to its last");
        if (context.Block.Time >= RunTime(context, m.From)) return new Rejection(ContractsCodes.TooLate,
            $"slot {m.From}'s contracts have acted already; congestion is declared before a slot's run time");
        for (var s = m.From.Index; s <= m.To.Index; s++) ContractStore.SetCongested(state, m.Zone, new SlotId(s));
        context.Emit(new CongestionDeclared(m.Zone, m.From, m.To));
        return null;
    }

    private static Rejection? Find(IState state, ulong id, out ContractRecord c)
    {
        c = ContractStore.Contract(state, id)!;
        return c is null ? new Rejection(ContractsCodes.UnknownContract, $"no contract {id} exists") : null;
    }

    /// <summary>Emits a contract's event (its record names the contract first) and keeps it in the contract's history; the caller
    /// saves the record.</summary>
    internal static void Emit(TxContext context, ContractRecord c, IModuleEvent typed)
    {
        var e = Event.From(typed);
        context.Emit(e);
        ContractStore.AddHistory(context.State, c, context.Block.Time, e);
    }
}
