using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Governance;

/// <summary>Kinds of the governance module's events; each has its record below.</summary>
public static class GovernanceEvents
{
    public const string Proposed = "proposed";
    public const string Voted = "voted";
    public const string Cosigned = "cosigned";
    public const string Tallied = "tallied";
    public const string DepositReturned = "deposit_returned";
    public const string DepositForfeited = "deposit_forfeited";
    public const string Enacted = "enacted";
    public const string EnactmentFailed = "enactment_failed";
    public const string Failed = "proposal_failed";

    /// <summary>Reads a stored governance event back into its record (null for a kind this module does not emit).</summary>
    internal static IModuleEvent? Read(string kind, EventReader r) => kind switch
    {
        Proposed => ProposalSubmitted.Read(r),
        Voted => ProposalVoted.Read(r),
        Cosigned => ProposalCosigned.Read(r),
        Tallied => ProposalTallied.Read(r),
        DepositReturned => Governance.DepositReturned.Read(r),
        DepositForfeited => Governance.DepositForfeited.Read(r),
        Enacted => ProposalEnacted.Read(r),
        EnactmentFailed => Governance.EnactmentFailed.Read(r),
        Failed => ProposalFailed.Read(r),
        _ => null,
    };
}

/// <summary>A proposal was submitted (kind <c>proposed</c>): its kind (the enum's name), its action as a sentence, the deposit reserved,
/// the last voting height and the enactment height.</summary>
public sealed record ProposalSubmitted(ulong Id, Address Proposer, ProposalKind Kind, string Action, ulong Deposit, ulong VotingEnd, ulong EnactmentHeight)
    : IModuleEvent
{
    string IModuleEvent.Module => GovernanceModule.ModuleName;
    string IModuleEvent.Kind => GovernanceEvents.Proposed;

    public void Write(EventWriter a) => a.Add("id", Id).Add("proposer", Proposer).Add("kind", Kind.ToString()).Add("action", Action).Add("deposit", Deposit)
        .Add("voting_end", VotingEnd).Add("enactment_height", EnactmentHeight);

    internal static ProposalSubmitted Read(EventReader r) => new(r.U64("id"), r.Address("proposer"), r.Enum<ProposalKind>("kind", k => k.ToString()),
        r.Text("action"), r.U64("deposit"), r.U64("voting_end"), r.U64("enactment_height"));
}

/// <summary>A staker voted on a proposal (kind <c>voted</c>; the choice in lower case).</summary>
public sealed record ProposalVoted(ulong Id, Address Voter, VoteChoice Choice) : IModuleEvent
{
    string IModuleEvent.Module => GovernanceModule.ModuleName;
    string IModuleEvent.Kind => GovernanceEvents.Voted;

    public void Write(EventWriter a) => a.Add("id", Id).Add("voter", Voter).Add("choice", ChoiceName(Choice));

    internal static ProposalVoted Read(EventReader r) => new(r.U64("id"), r.Address("voter"), r.Enum<VoteChoice>("choice", ChoiceName));

    private static string ChoiceName(VoteChoice choice) => choice.ToString().ToLowerInvariant();
}

/// <summary>The DSO co-signed a proposal that needs it (kind <c>cosigned</c>).</summary>
public sealed record ProposalCosigned(ulong Id, Address Dso) : IModuleEvent
{
    string IModuleEvent.Module => GovernanceModule.ModuleName;
    string IModuleEvent.Kind => GovernanceEvents.Cosigned;

    public void Write(EventWriter a) => a.Add("id", Id).Add("dso", Dso);

    internal static ProposalCosigned Read(EventReader r) => new(r.U64("id"), r.Address("dso"));
}

/// <summary>A proposal's votes were counted at the end of its voting period (kind <c>tallied</c>).</summary>
public sealed record ProposalTallied(ulong Id, ProposalStatus Status, ulong Yes, ulong No, ulong Abstain, ulong TotalActive) : IModuleEvent
{
    string IModuleEvent.Module => GovernanceModule.ModuleName;
    string IModuleEvent.Kind => GovernanceEvents.Tallied;

    public void Write(EventWriter a) => a.Add("id", Id).Add("status", GovernanceModule.StatusName(Status)).Add("yes", Yes).Add("no", No)
        .Add("abstain", Abstain).Add("total_active", TotalActive);

    internal static ProposalTallied Read(EventReader r) => new(r.U64("id"), r.Enum<ProposalStatus>("status", GovernanceModule.StatusName), r.U64("yes"),
        r.U64("no"), r.U64("abstain"), r.U64("total_active"));
}

/// <summary>A proposal that reached quorum returned its deposit to the proposer.</summary>
public sealed record DepositReturned(ulong Id, Address Proposer, ulong Amount) : IModuleEvent
{
    string IModuleEvent.Module => GovernanceModule.ModuleName;
    string IModuleEvent.Kind => GovernanceEvents.DepositReturned;

    public void Write(EventWriter a) => a.Add("id", Id).Add("proposer", Proposer).Add("amount", Amount);

    internal static DepositReturned Read(EventReader r) => new(r.U64("id"), r.Address("proposer"), r.U64("amount"));
}

/// <summary>A proposal that missed quorum forfeited its deposit.</summary>
public sealed record DepositForfeited(ulong Id, Address Proposer, ulong Amount) : IModuleEvent
{
    string IModuleEvent.Module => GovernanceModule.ModuleName;
    string IModuleEvent.Kind => GovernanceEvents.DepositForfeited;

    public void Write(EventWriter a) => a.Add("id", Id).Add("proposer", Proposer).Add("amount", Amount);

    internal static DepositForfeited Read(EventReader r) => new(r.U64("id"), r.Address("proposer"), r.U64("amount"));
}

/// <summary>A passed proposal was carried out (kind <c>enacted</c>).</summary>
public sealed record ProposalEnacted(ulong Id, ulong EnactmentHeight, string Action) : IModuleEvent
{
    string IModuleEvent.Module => GovernanceModule.ModuleName;
    string IModuleEvent.Kind => GovernanceEvents.Enacted;

    public void Write(EventWriter a) => a.Add("id", Id).Add("enactment_height", EnactmentHeight).Add("action", Action);

    internal static ProposalEnacted Read(EventReader r) => new(r.U64("id"), r.U64("enactment_height"), r.Text("action"));
}

/// <summary>A passed proposal's action was refused when carried out: nothing changed.</summary>
public sealed record EnactmentFailed(ulong Id, string Code, string Reason) : IModuleEvent
{
    string IModuleEvent.Module => GovernanceModule.ModuleName;
    string IModuleEvent.Kind => GovernanceEvents.EnactmentFailed;

    public void Write(EventWriter a) => a.Add("id", Id).Add("code", Code).Add("reason", Reason);

    internal static EnactmentFailed Read(EventReader r) => new(r.U64("id"), r.Text("code"), r.Text("reason"));
}

/// <summary>A proposal the runtime could not tally (kind <c>proposal_failed</c>): it ends as failed with its deposit returned.</summary>
public sealed record ProposalFailed(ulong Id, string Code, string Reason, ulong DepositReturned) : IModuleEvent
{
    string IModuleEvent.Module => GovernanceModule.ModuleName;
    string IModuleEvent.Kind => GovernanceEvents.Failed;

    public void Write(EventWriter a) => a.Add("id", Id).Add("code", Code).Add("reason", Reason).Add("deposit_returned", DepositReturned);

    internal static ProposalFailed Read(EventReader r) => new(r.U64("id"), r.Text("code"), r.Text("reason"), r.U64("deposit_returned"));
}
