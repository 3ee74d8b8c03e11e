namespace GridForge.Runtime.Transactions;

/// <summary>Module ids as they appear on the wire; never renumber one.</summary>
public static class ModuleIds
{
    public const byte Tokens = 1;
    public const byte Stablecoin = 2;
    public const byte Staking = 3;
    public const byte Governance = 4;
    public const byte Grid = 5;
    public const byte Metering = 6;
    public const byte Market = 7;
    public const byte Settlement = 8;
    public const byte Contracts = 9;
    public const byte Disputes = 10;
}
