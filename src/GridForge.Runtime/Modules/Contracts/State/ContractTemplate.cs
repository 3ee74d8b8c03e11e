namespace GridForge.Runtime.Modules.Contracts;

/// <summary>The contract templates (DESIGN §6 Contracts): typed agreements the runtime executes every slot.</summary>
public enum ContractTemplate : byte
{
    /// <summary>One household's trading rule: sell surplus above a reserve at a floor, buy a shortfall at a ceiling.</summary>
    Residential = 1,

    /// <summary>A commercial power purchase agreement: a fixed price for a volume schedule, take-or-pay, shortfall penalty.</summary>
    Ppa = 2,

    /// <summary>Grid flexibility: the DSO pays for reduced consumption or export in slots it declares congested.</summary>
    Flexibility = 3,
}

/// <summary>How a contract stands.</summary>
public enum ContractStatus : byte
{
    /// <summary>Created by one party, waiting for the other's acceptance.</summary>
    Proposed = 0,

    /// <summary>Running: it acts every slot from its start to its end.</summary>
    Active = 1,

    /// <summary>Ran to its end and settled everything.</summary>
    Ended = 2,

    /// <summary>Ended early by a party, per its termination terms (or withdrawn/declined before acceptance).</summary>
    Terminated = 3,

    /// <summary>Never accepted before its start.</summary>
    Lapsed = 4,

    /// <summary>Stopped by the runtime when its end-of-block step failed: it no longer acts or settles (see its history for why).</summary>
    Suspended = 5,
}

/// <summary>How often a PPA's take-or-pay and penalty terms are settled and netted.</summary>
public enum SettlementPeriod : byte
{
    Slot = 0,
    Day = 1,
    Month = 2,
}

/// <summary>What a flexibility contract's provider reduces.</summary>
public enum FlexDirection : byte
{
    Consumption = 0,
    Export = 1,
}

/// <summary>Lower-case names used in events, the API and the CLI.</summary>
public static class ContractNames
{
    public static string Name(this ContractTemplate t) => t switch
    {
        ContractTemplate.Residential => "residential",
        ContractTemplate.Ppa => "ppa",
        ContractTemplate.Flexibility => "flexibility",
        _ => "unknown",
    };

    public static string Name(this ContractStatus s) => s switch
    {
        ContractStatus.Proposed => "proposed",
        ContractStatus.Active => "active",
        ContractStatus.Ended => "ended",
        ContractStatus.Terminated => "terminated",
        ContractStatus.Lapsed => "lapsed",
        ContractStatus.Suspended => "suspended",
        _ => "unknown",
    };

    public static string Name(this SettlementPeriod p) => p switch
    {
        SettlementPeriod.Slot => "slot",
        SettlementPeriod.Day => "day",
        SettlementPeriod.Month => "month",
        _ => "unknown",
    };

    public static string Name(this FlexDirection d) => d == FlexDirection.Consumption ? "consumption" : "export";

    public static bool TryParse(string? text, out SettlementPeriod period) => TryParseEnum(text, out period, p => p.Name());

    public static bool TryParse(string? text, out FlexDirection direction) => TryParseEnum(text, out direction, d => d.Name());

    private static bool TryParseEnum<T>(string? text, out T value, Func<T, string> name) where T : struct, Enum
    {
        foreach (var v in Enum.GetValues<T>())
        {
            if (string.Equals(name(v), text, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }
}
