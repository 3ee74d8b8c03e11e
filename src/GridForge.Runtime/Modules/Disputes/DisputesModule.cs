using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>Disputes (DESIGN §6 "Contracts and disputes"): a party of a trade or a settlement opens a dispute with a GRID or
/// WATT bond, a claim and a reason; the claimed WATT of the other party is held (reserved) and topped up from what it
/// receives when the subject settles; the arbitrator (a council set by governance, else the DSO) upholds or corrects before
/// the deadline, or the default rule decides at the end of the block that reaches it. Each hold is released exactly once.</summary>
public sealed partial class DisputesModule : IModule
{
    public const string ModuleName = "disputes";

    private readonly DisputesNeeds _needs;

    /// <summary>Disputes that reach other modules only through <paramref name="needs"/>.</summary>
    internal DisputesModule(DisputesNeeds needs) => _needs = needs;

    /// <summary>The needs of the disputes module installed in the context's host: how the hooks other modules call
    /// (<see cref="DisputeHolds"/>), which work on a context, reach other modules.</summary>
    internal static DisputesNeeds NeedsOf(TxContext context) => context.Modules.Get<DisputesModule>()._needs;

    public byte Id => ModuleIds.Disputes;

    public string Name => ModuleName;

    public void RegisterMessages(MessageRegistry registry)
    {
        registry.Register(ModuleIds.Disputes, OpenDisputeMessage.TypeId, "disputes.open_dispute", OpenDisputeMessage.Decode);
        registry.Register(ModuleIds.Disputes, RuleDisputeMessage.TypeId, "disputes.rule", RuleDisputeMessage.Decode);
    }

    public void InitGenesis(TxContext context, GenesisDocument genesis)
    {
    }

    public Rejection? Execute(TxContext context, IMessage message) => message switch
    {
        OpenDisputeMessage m => Open(context, m),
        RuleDisputeMessage m => Rule(context, m),
        _ => new Rejection(RejectionCodes.UnknownMessage, $"the disputes module has no message {message.Type}"),
    };

    /// <summary>Who rules when governance set no council: the DSO alone (threshold 1); nobody when there is no DSO
    /// (<see cref="DisputesQueries.Arbitrators"/>).</summary>
    internal static DisputeCouncil DsoAlone(Address? dso) => dso is { } d ? new DisputeCouncil([d], 1) : new DisputeCouncil([], 0);

    /// <summary>Sets the council (no members: the DSO arbitrates again); governance's <c>SetCouncil</c> enactment.</summary>
    public static Rejection? SetCouncil(TxContext context, DisputeCouncil council)
    {
        if (DisputeCouncil.Check(council.Members, council.Threshold) is { } invalid) return invalid;
        DisputesStore.SetCouncil(context.State, council);
        context.Emit(new DisputeCouncilSet(council.Members, council.Threshold));
        return null;
    }

    /// <summary>Resolves, earliest deadline first, the open disputes whose deadline has come, by <c>disputes.default_rule</c>, each
    /// on an overlay of its own. A dispute whose default ruling fails leaves the due list and stays open with its hold and bond:
    /// the arbitrator may still rule on it after its deadline (<see cref="DisputesEvents.DefaultRulingFailed"/>).</summary>
    public void EndBlock(TxContext context)
    {
        var state = context.State;
        if (DueList.First(state) is not { } first || first.Deadline > context.Block.Time) return;
        var max = MaxResolutionsPerBlock.Get(state);
        var rule = DefaultRule.Get(state);
        for (var n = 0L; n < max && DueList.First(state) is { } due && due.Deadline <= context.Block.Time; n++)
        {
            var failed = context.RunIsolated(new WorkItem("default ruling of dispute", (long)due.Id), inner =>
            {
                var d = DisputesStore.Get(inner.State, due.Id) ?? throw new InvalidOperationException($"the due list names a missing dispute {due.Id}");
                // Silence is no finding against the opener: either default returns the bond.
                var closed = rule == 0 ? Close(inner, d, Ruling.Uphold, DisputeStatus.DefaultUpheld)
                    : Close(inner, d, Ruling.Correct(d.Held), DisputeStatus.DefaultCorrected);
                inner.Emit(new DisputeResolvedByDefault(d.Id, rule, closed.ToOpener, closed.Released, d.Bond, d.BondToken, closed.BondTo!.Value));
            });
            if (failed is null) continue;
            // Off the due list, so the next dispute's turn comes; a list that cannot even drop it is a corrupt state, which the
            // module-level guard contains.
            DueList.Remove(state, due.Id);
            context.Emit(new DefaultRulingFailed(due.Id, failed.Code, failed.Message));
        }
    }

    /// <summary>Moves the hold and the bond as <paramref name="ruling"/> says and closes the dispute: the one place a hold is
    /// released, so it is released once. The bond goes to the respondent only after an arbitrator's uphold.</summary>
    private Dispute Close(TxContext context, Dispute d, Ruling ruling, DisputeStatus status)
    {
        var state = context.State;
        if (!d.IsOpen || ruling.Amount > d.Held) throw new InvalidOperationException(
            $"dispute {d.Id} cannot close as {ruling} (status {d.Status}, held {d.Held})");
        var closed = d with { Status = status, ToOpener = ruling.Amount, Closed = context.Block.Time, AwaitingSettlement = false };
        if (closed.ToOpener > 0) _needs.Tokens.TransferReserved(state, d.Respondent, d.Opener, Token.Watt, closed.ToOpener);
        if (closed.Released > 0) _needs.Tokens.Unreserve(state, d.Respondent, Token.Watt, closed.Released);
        if (closed.BondTo == d.Respondent) _needs.Tokens.TransferReserved(state, d.Opener, d.Respondent, d.BondToken, d.Bond);
        else _needs.Tokens.Unreserve(state, d.Opener, d.BondToken, d.Bond);
        // Off the due list, unless its default ruling failed and took it off already.
        if (DueList.Contains(state, d.Id)) DueList.Remove(state, d.Id);
        DisputesStore.ClearOpenOver(state, d.Subject.FundsKey);
        DisputesStore.Set(state, closed);
        return closed;
    }
}
