using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Governance;

/// <summary>On-chain governance (DESIGN §6 "Governance"): any GRID holder with the deposit proposes a parameter change (any
/// module's parameter, bounds checked at proposal time), an issuer added or removed, a grid-topology change (co-signed
/// by the DSO) or a text signal. Votes (yes/no/abstain, changeable until the end) weigh the voter's active bond at the
/// tally. Quorum, threshold, voting period and enactment delay are parameters, fixed into each proposal when it is made.
/// A passed proposal is enacted at exactly its enactment height: applied at the end of the block before, so every
/// transaction of that height runs under it.</summary>
public sealed partial class GovernanceModule : IModule
{
    public const string ModuleName = "governance";

    private readonly GovernanceNeeds _needs;

    /// <summary>Governance that reaches other modules only through <paramref name="needs"/> (and the host, for the module a
    /// parameter or grid change targets).</summary>
    internal GovernanceModule(GovernanceNeeds needs) => _needs = needs;

    public byte Id => ModuleIds.Governance;

    public string Name => ModuleName;

    public void RegisterMessages(MessageRegistry registry)
    {
        registry.Register(ModuleIds.Governance, ProposeMessage.TypeId, "governance.propose", ProposeMessage.Decode);
        registry.Register(ModuleIds.Governance, VoteMessage.TypeId, "governance.vote", VoteMessage.Decode);
        registry.Register(ModuleIds.Governance, CosignMessage.TypeId, "governance.cosign", CosignMessage.Decode);
    }

    public void InitGenesis(TxContext context, GenesisDocument genesis)
    {
    }

    public Rejection? Execute(TxContext context, IMessage message) => message switch
    {
        ProposeMessage m => Propose(context, m),
        VoteMessage m => Vote(context, m),
        CosignMessage m => Cosign(context, m.ProposalId),
        _ => new Rejection(RejectionCodes.UnknownMessage, $"the governance module has no message {message.Type}"),
    };

    /// <summary>Checks a proposed action against the state it is proposed in (the same checks run again at enactment).</summary>
    public Rejection? CheckAction(IState state, ModuleHost modules, ProposalAction action, string description)
    {
        switch (action.Kind)
        {
            case ProposalKind.ParameterChange:
                if (modules.ByName(action.Module) is not { } module)
                {
                    return new Rejection(GovernanceCodes.UnknownModule,
                        $"no module '{action.Module}' is installed ({string.Join(", ", modules.All.Select(m => m.Name))})");
                }

                if (module.Params.FirstOrDefault(p => p.Name == action.Parameter) is not { } spec)
                {
                    return new Rejection(GovernanceCodes.UnknownParameter, $"module '{module.Name}' has no parameter '{action.Parameter}'");
                }

                if (spec.FixedAtGenesis)
                {
                    return new Rejection(GovernanceCodes.ParameterFixed,
                        $"{module.Name}.{spec.Name} is fixed at genesis: changing it would break running state ({spec.Description})");
                }

                return spec.InBounds(action.Value)
                    ? null
                    : new Rejection(GovernanceCodes.ParameterOutOfBounds,
                        $"{module.Name}.{spec.Name} must be within [{spec.Min}, {spec.Max}], not {action.Value}");
            case ProposalKind.AddIssuer:
                return _needs.Stablecoin.IsActiveIssuer(state, action.Account)
                    ? new Rejection(StablecoinCodes.IssuerExists, $"{action.Account} is already an active WATT issuer")
                    : null;
            case ProposalKind.RemoveIssuer:
                return _needs.Stablecoin.IsActiveIssuer(state, action.Account)
                    ? null
                    : new Rejection(StablecoinCodes.IssuerNotActive, $"{action.Account} is not an active WATT issuer");
            case ProposalKind.GridChange:
                return GridMessage(modules, action, out var refused) is null ? refused : null;
            case ProposalKind.SetCouncil:
                return action.Council is { } council ? DisputeCouncil.Check(council.Members, council.Threshold)
                    : new Rejection(DisputesCodes.InvalidCouncil, "a council proposal names a council");
            default:
                return string.IsNullOrWhiteSpace(description) ? new Rejection(GovernanceCodes.InvalidProposal, "a text signal needs a description") : null;
        }
    }

    private static IMessage? GridMessage(ModuleHost modules, ProposalAction action, out Rejection? rejection)
    {
        var message = modules.Registry.Decode(ModuleIds.Grid, action.GridMessageType, action.GridPayload ?? [], out var refused);
        rejection = message is null ? new Rejection(GovernanceCodes.InvalidProposal, $"the grid change is not a grid module message: {refused?.Message}")
            : null;
        return message;
    }

    private Rejection? Propose(TxContext context, ProposeMessage m)
    {
        var state = context.State;
        if (CheckAction(state, context.Modules, m.Action, m.Description) is { } invalid) return invalid;
        var voting = GovernanceState.InVoting(state);
        var max = MaxActiveProposals.Get(state);
        if (voting.Count >= max) return new Rejection(GovernanceCodes.TooManyProposals,
            $"{voting.Count} proposals are in voting already (governance.{MaxActiveProposals.Name} = {max})");
        var deposit = (ulong)Deposit.Get(state);
        if (_needs.Tokens.Reserve(state, context.Sender, Token.Grid, deposit) is { } unfunded) return unfunded;

        var height = context.Block.Height;
        var id = GovernanceState.NextId(state);
        var votingEnd = checked(height + (ulong)VotingPeriod.Get(state));
        var enactment = checked(votingEnd + (ulong)EnactmentDelay.Get(state));
        var cosigner = m.Action.Kind == ProposalKind.GridChange && _needs.Grid.Dso(state) == context.Sender ? context.Sender : Address.None;
        GovernanceState.Set(state, new Proposal(id, context.Sender, deposit, m.Action, m.Description, height, votingEnd, enactment,
            QuorumPpm.Get(state), ThresholdPpm.Get(state), ProposalStatus.Voting, default, cosigner, string.Empty));
        GovernanceState.SetNextId(state, checked(id + 1));
        GovernanceState.SetInVoting(state, [.. voting, id]);
        context.Emit(new ProposalSubmitted(id, context.Sender, m.Action.Kind, m.Action.Describe(), deposit, votingEnd, enactment));
        return null;
    }

    private Rejection? Vote(TxContext context, VoteMessage m)
    {
        var state = context.State;
        if (GovernanceState.Get(state, m.ProposalId) is not { } p) return new Rejection(GovernanceCodes.UnknownProposal, $"no proposal has id {m.ProposalId}");
        if (p.Status != ProposalStatus.Voting || context.Block.Height > p.VotingEnd)
        {
            return new Rejection(GovernanceCodes.VotingClosed, $"voting on proposal {p.Id} ended at height {p.VotingEnd}");
        }

        if (_needs.Staking.ActiveBond(state, context.Sender) == 0)
        {
            return new Rejection(GovernanceCodes.NoVotingPower, $"{context.Sender} has no active bond; votes weigh bonded GRID (bond some first)");
        }

        GovernanceState.SetVote(state, p.Id, context.Sender, m.Choice);
        context.Emit(new ProposalVoted(p.Id, context.Sender, m.Choice));
        return null;
    }

    private Rejection? Cosign(TxContext context, ulong id)
    {
        var state = context.State;
        if (_needs.Grid.Dso(state) != context.Sender)
        {
            return new Rejection(RejectionCodes.Unauthorized,
                $"only the holder of the '{_needs.Grid.DsoRole}' role co-signs grid changes; {context.Sender} does not hold it");
        }

        if (GovernanceState.Get(state, id) is not { } p) return new Rejection(GovernanceCodes.UnknownProposal, $"no proposal has id {id}");
        if (p.Action.Kind != ProposalKind.GridChange) return new Rejection(GovernanceCodes.NotAGridChange,
            $"proposal {id} is a {p.Action.Kind}, not a grid change");
        if (p.Status is not (ProposalStatus.Voting or ProposalStatus.Passed))
        {
            return new Rejection(GovernanceCodes.VotingClosed, $"proposal {id} was already decided ({p.Status})");
        }

        GovernanceState.Set(state, p with { CosignedBy = context.Sender });
        context.Emit(new ProposalCosigned(id, context.Sender));
        return null;
    }

    /// <summary>The votes on a proposal weighed by each voter's active bond now: the live tally while voting is open
    /// (and what the tally at its end will be, if no bond changes). Bonds are read through <paramref name="activeBond"/> and
    /// <paramref name="totalActive"/>: the module's needs at the end of voting, staking's queries for the live view
    /// (<see cref="GovernanceQueries.Tally"/>).</summary>
    internal static Tally LiveTally(IState state, ulong id, Func<IState, Address, ulong> activeBond, Func<IState, ulong> totalActive)
    {
        ulong yes = 0, no = 0, abstain = 0;
        foreach (var voter in GovernanceState.Voters(state, id))
        {
            var weight = activeBond(state, voter);
            switch (GovernanceState.Vote(state, id, voter))
            {
                case VoteChoice.Yes: yes = checked(yes + weight); break;
                case VoteChoice.No: no = checked(no + weight); break;
                case VoteChoice.Abstain: abstain = checked(abstain + weight); break;
                default: break;
            }
        }

        return new Tally(yes, no, abstain, totalActive(state));
    }

    /// <summary>Tallies proposals whose voting ends at this height, then enacts those whose enactment height is next.</summary>
    public void EndBlock(TxContext context)
    {
        var state = context.State;
        var height = context.Block.Height;
        var voting = GovernanceState.InVoting(state);
        var stillVoting = new List<ulong>();
        var awaiting = GovernanceState.AwaitingEnactment(state);
        var pending = awaiting.ToList();
        foreach (var id in voting)
        {
            var p = GovernanceState.Get(state, id)!;
            if (height < p.VotingEnd)
            {
                stillVoting.Add(id);
                continue;
            }

            var passed = false;
            var failed = context.RunIsolated(new WorkItem("tally of proposal", (long)id), inner => passed = Tally(inner, p));
            if (failed is not null && !Fail(context, p, failed))
            {
                // Neither the tally nor its failure could be recorded: try again next block, at most ItemAttempts.Max times in a
                // row; then the proposal is set aside (it leaves the voting list, its deposit stays reserved), as a stalled slot is.
                if (ItemAttempts.Failed(state, ModuleName, "tally", (long)id) < ItemAttempts.Max) stillVoting.Add(id);
                continue;
            }

            ItemAttempts.Succeeded(state, ModuleName, "tally", (long)id);
            if (passed) pending.Add(id);
        }

        if (stillVoting.Count != voting.Count) GovernanceState.SetInVoting(state, stillVoting);
        var waiting = new List<ulong>();
        foreach (var id in pending)
        {
            var p = GovernanceState.Get(state, id)!;
            if (height + 1 < p.EnactmentHeight) waiting.Add(id);
            else Enact(context, p);
        }

        // Written only when it changed: an idle chain's blocks touch no governance key.
        if (!waiting.SequenceEqual(awaiting)) GovernanceState.SetAwaitingEnactment(state, waiting);
    }

    /// <summary>Tallies a proposal whose voting has ended, settles its deposit and records the outcome; true when it passed.</summary>
    private bool Tally(TxContext context, Proposal p)
    {
        var state = context.State;
        var id = p.Id;
        var tally = LiveTally(state, id, _needs.Staking.ActiveBond, _needs.Staking.TotalActive);
        GovernanceState.ClearVotes(state, id);
        var quorum = tally.ReachesQuorum(p.QuorumPpm);
        var status = !quorum ? ProposalStatus.NoQuorum : tally.ReachesThreshold(p.ThresholdPpm) ? ProposalStatus.Passed : ProposalStatus.Rejected;
        GovernanceState.Set(state, p with { Status = status, Tally = tally });
        context.Emit(new ProposalTallied(id, status, tally.Yes, tally.No, tally.Abstain, tally.TotalActive));
        if (quorum)
        {
            _needs.Tokens.Unreserve(state, p.Proposer, Token.Grid, p.Deposit);
            context.Emit(new DepositReturned(id, p.Proposer, p.Deposit));
        }
        else
        {
            _needs.Staking.ForfeitReserved(state, p.Proposer, p.Deposit);
            context.Emit(new DepositForfeited(id, p.Proposer, p.Deposit));
        }

        return status == ProposalStatus.Passed;
    }

    /// <summary>A proposal the runtime could not tally: it ends as <c>failed</c> (nothing enacted) and its deposit goes back — the
    /// proposer is not to blame. Should even that fail (false), it stays in voting and the next block tries again.</summary>
    private bool Fail(TxContext context, Proposal p, Rejection failed) =>
        context.RunIsolated(new WorkItem("failure of proposal", (long)p.Id), inner =>
        {
            _needs.Tokens.Unreserve(inner.State, p.Proposer, Token.Grid, p.Deposit);
            GovernanceState.Set(inner.State, p with { Status = ProposalStatus.Failed, Outcome = failed.ToString() });
            inner.Emit(new ProposalFailed(p.Id, failed.Code, failed.Message, p.Deposit));
        }) is null;

    public static string StatusName(ProposalStatus status) => status switch
    {
        ProposalStatus.Voting => "voting",
        ProposalStatus.Passed => "passed",
        ProposalStatus.Rejected => "rejected",
        ProposalStatus.NoQuorum => "no_quorum",
        ProposalStatus.Enacted => "enacted",
        ProposalStatus.Failed => "failed",
        _ => "enactment_failed",
    };

    /// <summary>Carries out a passed proposal in an overlay of its own: all of it or nothing (a throw is a refusal).</summary>
    private void Enact(TxContext context, Proposal p)
    {
        var refused = context.RunIsolated(new WorkItem("enactment of proposal", (long)p.Id), inner => Apply(inner, p), Address.None);
        if (refused is null)
        {
            GovernanceState.Set(context.State, p with { Status = ProposalStatus.Enacted });
            context.Emit(new ProposalEnacted(p.Id, p.EnactmentHeight, p.Action.Describe()));
        }
        else
        {
            GovernanceState.Set(context.State, p with { Status = ProposalStatus.EnactmentFailed, Outcome = refused.ToString() });
            context.Emit(new EnactmentFailed(p.Id, refused.Code, refused.Message));
        }
    }

    private Rejection? Apply(TxContext context, Proposal p)
    {
        var state = context.State;
        if (CheckAction(state, context.Modules, p.Action, p.Description) is { } invalid) return invalid;
        var a = p.Action;
        switch (a.Kind)
        {
            case ProposalKind.ParameterChange:
                var module = context.Modules.ByName(a.Module)!;
                module.Params.First(s => s.Name == a.Parameter).Set(state, a.Value);
                return null;
            case ProposalKind.AddIssuer:
                return _needs.Staking.HasAccess(state, a.Account, AccessRoles.Issuer)
                    ? _needs.Stablecoin.AddIssuer(state, a.Account, a.Attestor)
                    : new Rejection(GovernanceCodes.AccessBondMissing,
                        $"{a.Account} holds no {AccessRoles.Issuer} access bond (staking.{StakingModule.IssuerBond.Name})");
            case ProposalKind.RemoveIssuer:
                return _needs.Stablecoin.RemoveIssuer(state, a.Account);
            case ProposalKind.GridChange:
                var dso = _needs.Grid.Dso(state);
                if (dso is null || p.CosignedBy != dso)
                {
                    return new Rejection(GovernanceCodes.NotCosigned,
                        $"the grid change was not co-signed by the DSO{(dso is null ? string.Empty : $" ({dso})")}");
                }

                var grid = context.Modules.ById(ModuleIds.Grid)!;
                var asDso = new TxContext(state, context.Block, dso.Value, context.Modules);
                var refused = grid.Execute(asDso, GridMessage(context.Modules, a, out _)!);
                foreach (var e in asDso.Events) context.Emit(e);
                return refused;
            case ProposalKind.SetCouncil:
                return _needs.Disputes.SetCouncil(context, a.Council!);
            default:
                return null;
        }
    }
}
