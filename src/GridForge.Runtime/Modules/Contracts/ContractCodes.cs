namespace GridForge.Runtime.Modules.Contracts;

/// <summary>The stable rejection codes of the contracts module (besides the runtime's <c>unauthorized</c> and
/// <c>insufficient_funds</c> and the grid's <c>unknown_zone</c>).</summary>
public static class ContractCodes
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

/// <summary>Kinds of the contracts module's events; each names its <c>contract</c> and is also kept in that contract's history.</summary>
public static class ContractEvents
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
}
