using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GridForge.Cli.Tests;

/// <summary>The README's examples stay true: every block fenced as <c>sh</c> runs, as written and in order, in one shell against a
/// fresh default dev node, its community running, on its own port and data directory. The one substitution:
/// the README's <c>http://127.0.0.1:8080</c> is this node's address (and <c>GRIDFORGE_NODE</c> makes it the CLI's default);
/// <c>./gridforge</c> is the CLI built beside the tests.</summary>
public partial class ReadmeTests
{
    [GeneratedRegex(@"^```sh\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [Fact]
    public async Task TheReadmesShellBlocks_RunAsWritten_AgainstAFreshDevNode()
    {
        var root = Repository.Root;
        var blocks = ShellBlock().Matches(File.ReadAllText(Path.Combine(root, "README.md"))).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 7, $"the README has {blocks.Count} sh blocks; the quickstart, WATT, grid, market, contracts, disputes and staking " +
            $"examples are all runnable");

        var dir = CliRunner.TempDir();
        try
        {
            // The directory the examples run in: ./gridforge is the CLI beside the tests, docs/ the repository's (for example files).
            var work = Directory.CreateDirectory(Path.Combine(dir, "work")).FullName;
            var wrapper = Path.Combine(work, "gridforge");
            await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec dotnet \"{CliRunner.Dll}\" \"$@\"\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.CreateSymbolicLink(Path.Combine(work, "docs"), Path.Combine(root, "docs"));

            // The default dev node, with its community (36 households): the README's examples do not race it (the community's WATT
            // bridge has its own issuer key; the CLI signs again at the next nonce when the community's `dso` transaction holds one).
            using var node = await NodeProcess.StartAsync(Path.Combine(dir, "data"), "--community", "36");
            var script = "set -euxo pipefail\n" + string.Join("\n", blocks).Replace("http://127.0.0.1:8080", node.Url, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(work, "readme.sh"), script);

            var psi = new ProcessStartInfo("bash", ["readme.sh"])
            {
                WorkingDirectory = work,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.Environment["GRIDFORGE_NODE"] = node.Url;
            psi.Environment["DOTNET_NOLOGO"] = "1";
            using var shell = Process.Start(psi)!;
            var stdout = shell.StandardOutput.ReadToEndAsync();
            var stderr = shell.StandardError.ReadToEndAsync();
            if (!shell.WaitForExit(TimeSpan.FromMinutes(8)))
            {
                shell.Kill(entireProcessTree: true);
                await shell.WaitForExitAsync();
                Assert.Fail($"the README's blocks did not finish in 8 minutes:\n{Tail(await stderr)}");
            }

            var (output, errors) = (await stdout, await stderr);
            Assert.True(shell.ExitCode == 0, $"a README command failed (exit {shell.ExitCode}):\n{Tail(errors)}\n--- stdout ---\n{Tail(output)}\n--- node " +
                $"---\n{Tail(node.Log)}");
            // What the examples promise to show (every command also had to exit 0: the script stops at the first that does not).
            Assert.Contains("committed at height", output, StringComparison.Ordinal);
            Assert.Contains("filled 1,000 Wh", output, StringComparison.Ordinal);
            Assert.Contains("corrected", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string Tail(string text) => text.Length > 6_000 ? "…" + text[^6_000..] : text;
}
