namespace GridForge.Runtime.Tests.Modules.Stablecoin;

/// <summary>What one step of a random WATT flow does.</summary>
public enum FlowOpKind
{
    Mint,
    Redeem,
    ConfirmPayout,
    Attest,
    Transfer,
}
