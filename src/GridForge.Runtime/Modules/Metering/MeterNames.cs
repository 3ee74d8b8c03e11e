namespace GridForge.Runtime.Modules.Metering;

/// <summary>Lower-case names of meter kinds, technologies and statuses, as the CLI and the API write them.</summary>
public static class MeterNames
{
    public static string Name(this MeterKind kind) => kind switch
    {
        MeterKind.Production => "production",
        MeterKind.Consumption => "consumption",
        MeterKind.Both => "both",
        _ => $"kind{(byte)kind}",
    };

    public static string Name(this MeterTechnology technology) => technology switch
    {
        MeterTechnology.Solar => "solar",
        MeterTechnology.Wind => "wind",
        MeterTechnology.Battery => "battery",
        MeterTechnology.Grid => "grid",
        MeterTechnology.Other => "other",
        _ => $"technology{(byte)technology}",
    };

    public static string Name(this MeterStatus status) => status == MeterStatus.Active ? "active" : "retired";

    public static bool TryParseKind(string? text, out MeterKind kind) => TryParse(text, out kind);

    public static bool TryParseTechnology(string? text, out MeterTechnology technology) => TryParse(text, out technology);

    private static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        foreach (var v in Enum.GetValues<T>())
        {
            if (string.Equals(Name(v), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Name<T>(T value) where T : struct, Enum => value switch
    {
        MeterKind k => k.Name(),
        MeterTechnology t => t.Name(),
        MeterStatus s => s.Name(),
        _ => value.ToString(),
    };

    public static bool IsDefined(MeterKind kind) => kind is MeterKind.Production or MeterKind.Consumption or MeterKind.Both;

    public static bool IsDefined(MeterTechnology technology) => technology is >= MeterTechnology.Solar and <= MeterTechnology.Other;
}
