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

    /// <summary>A node of this program on <paramref name="home"/> (<c>gridforge node --home</c>) as a child that stops when this
    /// process dies (it watches the parent's pid), its standard input closed and each line it writes handed to
    /// <paramref name="output"/> or <paramref name="error"/>; <paramref name="environment"/> adds variables.</summary>
    public static Process StartNode(string home, Action<string> output, Action<string> error, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = StartInfo(["node", "--home", home]);
        psi.Environment[Commands.NodeCommand.ParentPidVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        var child = Process.Start(psi) ?? throw new CliException($"could not start the node of {home}");
        child.StandardInput.Close();
        child.OutputDataReceived += (_, e) => { if (e.Data is { } line) output(line); };
        child.ErrorDataReceived += (_, e) => { if (e.Data is { } line) error(line); };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }
}
