using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>Kinds of the disputes module's events: every step of a dispute is one; each has its record below.</summary>
public static class DisputesEvents
{
    public const string Opened = "dispute_opened";
    public const string HoldToppedUp = "dispute_hold_topped_up";
    public const string Vote = "dispute_vote";
    public const string Ruled = "dispute_ruled";
    public const string ResolvedByDefault = "dispute_resolved_by_default";
    public const string CouncilSet = "dispute_council_set";
    public const string DefaultRulingFailed = "default_ruling_failed";

    /// <summary>Reads a stored disputes event back into its record (null for a kind this module does not emit).</summary>
    internal static IModuleEvent? Read(string kind, EventReader r) => kind switch
    {
        Opened => DisputeOpened.Read(r),
        HoldToppedUp => DisputeHoldToppedUp.Read(r),
        Vote => DisputeVoted.Read(r),
        Ruled => DisputeRuled.Read(r),
        ResolvedByDefault => DisputeResolvedByDefault.Read(r),
        CouncilSet => DisputeCouncilSet.Read(r),
        DefaultRulingFailed => Disputes.DefaultRulingFailed.Read(r),
        _ => null,
    };

    internal static Token BondToken(EventReader r) => r.Enum<Token>("bond_token", TokenNames.Name);
}

/// <summary>A dispute was opened: its subject, parties, claim, bond, the respondent's WATT held for it (and whether more will be held
/// when the subject settles), its deadline and reason.</summary>
public sealed record DisputeOpened(ulong Id, DisputeSubject Subject, Address Opener, Address Respondent, ulong Claim, ulong Bond, Token BondToken, ulong Held,
    bool AwaitingSettlement, long Deadline, string Reason) : IModuleEvent
{
    string IModuleEvent.Module => DisputesModule.ModuleName;
    string IModuleEvent.Kind => DisputesEvents.Opened;

    public void Write(EventWriter a) => a.Add("id", Id).Add("subject", Subject.ToString()).Add("opener", Opener).Add("respondent", Respondent)
        .Add("claim", Claim).Add("bond", Bond).Add("bond_token", BondToken.Name()).Add("held", Held).Add("awaiting_settlement", AwaitingSettlement)
        .Add("deadline", Deadline).Add("reason", Reason);

    internal static DisputeOpened Read(EventReader r) => new(r.U64("id"), DisputeSubject.Parse(r.Text("subject")), r.Address("opener"),
        r.Address("respondent"), r.U64("claim"), r.U64("bond"), DisputesEvents.BondToken(r), r.U64("held"), r.Bool("awaiting_settlement"),
        r.I64("deadline"), r.Text("reason"));
}

/// <summary>The subject settled: the respondent received <paramref name="Received"/> from it, <paramref name="Added"/> more is held.</summary>
public sealed record DisputeHoldToppedUp(ulong Id, Address Respondent, ulong Received, ulong Added, ulong Held) : IModuleEvent
{
    string IModuleEvent.Module => DisputesModule.ModuleName;
    string IModuleEvent.Kind => DisputesEvents.HoldToppedUp;

    public void Write(EventWriter a) => a.Add("id", Id).Add("respondent", Respondent).Add("received", Received).Add("added", Added).Add("held", Held);

    internal static DisputeHoldToppedUp Read(EventReader r) => new(r.U64("id"), r.Address("respondent"), r.U64("received"), r.U64("added"), r.U64("held"));
}

/// <summary>An arbitrator submitted a ruling (kind <c>dispute_vote</c>): the votes for this ruling so far and the threshold.</summary>
public sealed record DisputeVoted(ulong Id, Address Arbitrator, Ruling Ruling, int Votes, uint Threshold) : IModuleEvent
{
    string IModuleEvent.Module => DisputesModule.ModuleName;
    string IModuleEvent.Kind => DisputesEvents.Vote;

    public void Write(EventWriter a) => a.Add("id", Id).Add("arbitrator", Arbitrator).Add("ruling", Ruling.KindName).Add("amount", Ruling.Amount)
        .Add("votes", Votes).Add("threshold", Threshold);

    internal static DisputeVoted Read(EventReader r) => new(r.U64("id"), r.Address("arbitrator"), new Ruling(r.Enum<RulingKind>("ruling", RulingName),
        r.U64("amount")), r.I32("votes"), r.U32("threshold"));

    internal static string RulingName(RulingKind kind) => new Ruling(kind, 0).KindName;
}

/// <summary>A ruling took effect: what went to the opener, the hold released, and where the bond went.</summary>
public sealed record DisputeRuled(ulong Id, RulingKind Ruling, ulong ToOpener, ulong Released, ulong Bond, Token BondToken, Address BondTo) : IModuleEvent
{
    string IModuleEvent.Module => DisputesModule.ModuleName;
    string IModuleEvent.Kind => DisputesEvents.Ruled;

    public void Write(EventWriter a) => a.Add("id", Id).Add("ruling", DisputeVoted.RulingName(Ruling)).Add("to_opener", ToOpener).Add("released", Released)
        .Add("bond", Bond).Add("bond_token", BondToken.Name()).Add("bond_to", BondTo);

    internal static DisputeRuled Read(EventReader r) => new(r.U64("id"), r.Enum<RulingKind>("ruling", DisputeVoted.RulingName), r.U64("to_opener"),
        r.U64("released"), r.U64("bond"), DisputesEvents.BondToken(r), r.Address("bond_to"));
}

/// <summary>The deadline passed undecided: <c>disputes.default_rule</c> (<paramref name="Rule"/>) decided; the bond went back.</summary>
public sealed record DisputeResolvedByDefault(ulong Id, long Rule, ulong ToOpener, ulong Released, ulong Bond, Token BondToken, Address BondTo) : IModuleEvent
{
    string IModuleEvent.Module => DisputesModule.ModuleName;
    string IModuleEvent.Kind => DisputesEvents.ResolvedByDefault;

    public void Write(EventWriter a) => a.Add("id", Id).Add("rule", Rule).Add("to_opener", ToOpener).Add("released", Released).Add("bond", Bond)
        .Add("bond_token", BondToken.Name()).Add("bond_to", BondTo);

    internal static DisputeResolvedByDefault Read(EventReader r) => new(r.U64("id"), r.I64("rule"), r.U64("to_opener"), r.U64("released"), r.U64("bond"),
        DisputesEvents.BondToken(r), r.Address("bond_to"));
}

/// <summary>Governance set (or cleared: no members) the council (members written comma-separated).</summary>
public sealed record DisputeCouncilSet(IReadOnlyList<Address> Members, uint Threshold) : IModuleEvent
{
    string IModuleEvent.Module => DisputesModule.ModuleName;
    string IModuleEvent.Kind => DisputesEvents.CouncilSet;

    public void Write(EventWriter a) => a.Add("members", string.Join(",", Members)).Add("threshold", Threshold);

    internal static DisputeCouncilSet Read(EventReader r) =>
        new([.. r.Text("members").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Address.Parse)], r.U32("threshold"));
}

/// <summary>A dispute's default ruling failed (its changes dropped). It left the due list and stays open, hold and bond in place, for the
/// arbitrator to rule on after the deadline.</summary>
public sealed record DefaultRulingFailed(ulong Id, string Code, string Reason) : IModuleEvent
{
    string IModuleEvent.Module => DisputesModule.ModuleName;
    string IModuleEvent.Kind => DisputesEvents.DefaultRulingFailed;

    public void Write(EventWriter a) => a.Add("id", Id).Add("code", Code).Add("reason", Reason);

    internal static DefaultRulingFailed Read(EventReader r) => new(r.U64("id"), r.Text("code"), r.Text("reason"));
}
