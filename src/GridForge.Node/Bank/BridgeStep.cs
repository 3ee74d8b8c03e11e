namespace GridForge.Node.Bank;

/// <summary>The points between the bank and the chain where an issuer bridge can crash (tests stop it there).</summary>
public enum BridgeStep
{
    /// <summary>A mint transaction was submitted; the bridge has not seen it committed.</summary>
    MintSubmitted,

    /// <summary>The mint is committed; the bank does not yet know the deposit was minted.</summary>
    MintCommitted,

    /// <summary>The bank paid a redemption out; the chain does not yet know.</summary>
    PayoutMade,

    /// <summary>The payout confirmation was submitted; the bridge has not seen it committed.</summary>
    PayoutConfirmSubmitted,
}
