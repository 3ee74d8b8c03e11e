namespace GridForge.Runtime.Modules.Disputes;

/// <summary>What a dispute is about, as its wire byte.</summary>
public enum DisputeSubjectKind : byte
{
    /// <summary>A market trade (slot, seq): may be disputed before or after it settles.</summary>
    Trade = 0,

    /// <summary>The settlement result of a market trade (slot, seq): only once it has settled.</summary>
    Settlement = 1,

    /// <summary>A period of a contract (contract, period): reserved for the contracts module, refused until it resolves it.</summary>
    ContractPeriod = 2,
}
