using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The rule for zone names: 1 to 32 ASCII letters, digits, '-', '_' or '.', compared ordinally.</summary>
public static class ZoneNames
{
    public const int MaxBytes = 32;

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxBytes && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static int Compare(ZoneId a, ZoneId b) => string.CompareOrdinal(a.Name, b.Name);
}
