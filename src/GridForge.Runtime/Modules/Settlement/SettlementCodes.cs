namespace GridForge.Runtime.Modules.Settlement;

/// <summary>The stable rejection codes of the settlement module (debts and certificates).</summary>
public static class SettlementCodes
{
    public const string NoDebt = "no_debt";
    public const string UnknownCertificate = "unknown_certificate";
    public const string NotOwner = "not_owner";
    public const string QuantityOutOfBounds = "quantity_out_of_bounds";
}
