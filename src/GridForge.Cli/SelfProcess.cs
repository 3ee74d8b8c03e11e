using System.Diagnostics;

namespace GridForge.Cli;

/// <summary>This very program (`gridforge`, run as an apphost or as <c>dotnet gridforge.dll</c>) started again as a child.</summary>
internal static class SelfProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, bool redirect = true)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
            RedirectStandardInput = redirect,
            UseShellExecute = false,
        };
        var self = Environment.GetCommandLineArgs()[0];
        if (self.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) psi.ArgumentList.Add(self);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        return psi;
    }
}
