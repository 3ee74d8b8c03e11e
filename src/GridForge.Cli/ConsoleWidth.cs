using Spectre.Console;

namespace GridForge.Cli;

/// <summary>How wide the tables a person reads may be (README, "CLI output"): the terminal's width when the output is a
/// terminal, else <c>COLUMNS</c> when it is set (a pager, a narrow window, a test), else 80 columns. Spectre squeezes and wraps a table's
/// cells to fit it, so no line is wider.</summary>
internal static class ConsoleWidth
{
    public const int Default = 80;

    /// <summary>The width for <paramref name="columns"/> (the COLUMNS variable) and the terminal's width when there is one.</summary>
    public static int Resolve(string? columns, int? terminal) =>
        int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) && c is >= 20 and <= 1_000
            ? c
        : terminal is > 0 ? terminal.Value
        : Default;

    public static void Apply()
    {
        int? terminal = null;
        if (!Console.IsOutputRedirected)
        {
            try
            {
                terminal = Console.WindowWidth;
            }
            catch (IOException)
            {
            }
        }

        AnsiConsole.Profile.Width = Resolve(Environment.GetEnvironmentVariable("COLUMNS"), terminal);
    }
}
