using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GridForge.Cli.Tests;

/// <summary>Runs the real `gridforge` program (the built gridforge.dll beside the tests) as a child process.</summary>
internal static class CliRunner
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "gridforge.dll");

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        return psi;
    }

    /// <summary>Runs the command, which must exit 0; returns its stdout.</summary>
    public static string Ok(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.True(code == 0, $"gridforge {string.Join(' ', args)} exited {code}: {stdout}{stderr}");
        return stdout;
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var p = Process.Start(StartInfo(args))!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(true);
            throw new TimeoutException($"gridforge {string.Join(' ', args)} did not finish");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "gridforge-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }
}
