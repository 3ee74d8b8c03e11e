namespace GridForge.Runtime.Modules.Governance;

/// <summary>What a proposal asks for, as its wire byte.</summary>
public enum ProposalKind : byte
{
    /// <summary>Set one module parameter to a value within its bounds.</summary>
    ParameterChange = 1,

    /// <summary>Approve a WATT issuer (it must hold the issuer access bond when enacted).</summary>
    AddIssuer = 2,

    /// <summary>Stop a WATT issuer from minting.</summary>
    RemoveIssuer = 3,

    /// <summary>A grid-topology message executed as the DSO, who must co-sign.</summary>
    GridChange = 4,

    /// <summary>A text signal: nothing is executed.</summary>
    Text = 5,

    /// <summary>Set the dispute council (members and threshold), or clear it so that the DSO arbitrates.</summary>
    SetCouncil = 6,
}
