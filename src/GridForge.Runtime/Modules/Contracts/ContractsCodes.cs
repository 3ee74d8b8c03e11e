namespace GridForge.Runtime.Modules.Contracts;

/// <summary>The stable rejection codes of the contracts module (besides the runtime's <c>unauthorized</c> and
/// <c>insufficient_funds</c> and the grid's <c>unknown_zone</c>).</summary>
public static class ContractsCodes
{
    public const string InvalidTerms = "invalid_terms";
    public const string InvalidTerm = "invalid_term";
    public const string UnknownContract = "unknown_contract";
    public const string NotParty = "not_party";
    public const string NotProposed = "contract_not_proposed";
    public const string NotActive = "contract_not_active";
    public const string AlreadyTerminated = "already_terminated";
    public const string TooLate = "too_late";
    public const string WrongTemplate = "wrong_template";
    public const string TooManyContracts = "too_many_contracts";
}

