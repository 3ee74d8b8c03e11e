using System.Diagnostics;

namespace GridForge.Node.Tests.Observability;

/// <summary>Runs Debian's <c>promtool</c> (package <c>prometheus</c>, which .ci/run installs): the tests that use it never skip.</summary>
internal static class Promtool
{
    public static (int ExitCode, string Output) Run(string? stdin, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("promtool")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("promtool is missing: install Debian's prometheus package (.ci/run does)", e);
        }

        using (p)
        {
            if (stdin is not null) p.StandardInput.Write(stdin);
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(60))) throw new TimeoutException($"promtool {string.Join(' ', args)} did not finish");
            return (p.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
