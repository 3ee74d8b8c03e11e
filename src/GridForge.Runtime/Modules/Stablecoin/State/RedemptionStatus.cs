namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>Where a redemption stands: burned and waiting for the issuer's fiat payout, or paid out.</summary>
public enum RedemptionStatus : byte
{
    /// <summary>The WATT is burned; the issuer owes the holder the fiat.</summary>
    Pending = 1,

    /// <summary>The issuer reported the fiat payout made (with its bank reference).</summary>
    Paid = 2,
}
