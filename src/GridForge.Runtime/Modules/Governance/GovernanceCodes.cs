namespace GridForge.Runtime.Modules.Governance;

/// <summary>The stable rejection codes of the governance module (documented in docs/staking-and-governance.md), besides
/// the runtime's <c>insufficient_funds</c> and <c>unauthorized</c> and the stablecoin's <c>issuer_exists</c> and
/// <c>issuer_not_active</c>.</summary>
public static class GovernanceCodes
{
    /// <summary>A parameter change names a module that is not installed.</summary>
    public const string UnknownModule = "unknown_module";

    /// <summary>A parameter change names a parameter the module does not have.</summary>
    public const string UnknownParameter = "unknown_parameter";

    /// <summary>A parameter change's value is outside the parameter's bounds.</summary>
    public const string ParameterOutOfBounds = "parameter_out_of_bounds";
    public const string ParameterFixed = "parameter_fixed";

    /// <summary>A grid change that is not a grid module message, or a text signal without text.</summary>
    public const string InvalidProposal = "invalid_proposal";

    /// <summary>As many proposals as <c>governance.max_active_proposals</c> are already being voted on.</summary>
    public const string TooManyProposals = "too_many_proposals";

    /// <summary>No proposal has this id.</summary>
    public const string UnknownProposal = "unknown_proposal";

    /// <summary>Voting on the proposal has ended (or co-signing is too late: it was already decided).</summary>
    public const string VotingClosed = "voting_closed";

    /// <summary>The voter has no active bond, so its vote would weigh nothing.</summary>
    public const string NoVotingPower = "no_voting_power";

    /// <summary>Co-signing a proposal that is not a grid change.</summary>
    public const string NotAGridChange = "not_a_grid_change";

    /// <summary>Enactment of an issuer approval whose account holds no issuer access bond.</summary>
    public const string AccessBondMissing = "access_bond_missing";

    /// <summary>Enactment of a grid change the DSO has not co-signed (or that another DSO co-signed).</summary>
    public const string NotCosigned = "not_cosigned";
}
