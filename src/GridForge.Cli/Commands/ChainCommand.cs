using System.CommandLine;
using GridForge.Chain.Storage;
using GridForge.Chain.Verification;
using GridForge.Runtime.Execution;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge chain verify</c> and <c>gridforge chain export</c>.</summary>
internal static class ChainCommand
{
    public static Command Create()
    {
        var chain = new Command("chain", "Inspect and check a node's chain data");
        var data = new Option<string>("--data") { Description = "The node's data directory" };
        var archive = new Option<string>("--archive") { Description = "A chain archive written by 'gridforge chain export' instead of a data directory" };
        var verify = new Command("verify", "Re-execute every block from genesis and check every header and result; prints OK HEIGHT or the first bad height")
        {
            data, archive,
        };
        verify.SetAction(parse => CliAction.Run(() =>
        {
            var (dir, file) = (parse.GetValue(data), parse.GetValue(archive));
            if ((dir is null) == (file is null)) throw new CliException("name either --data DIR or --archive FILE");
            var report = dir is not null ? ChainVerifier.Verify(dir) : ChainVerifier.Verify(ReadArchive(file!));
            Console.WriteLine(report);
            return report.Ok ? 0 : 1;
        }));
        chain.Subcommands.Add(verify);

        var exportData = new Option<string>("--data") { Description = "The node's data directory (the node may be running)", Required = true };
        var output = new Option<string>("--out") { Description = "The archive file to write (gzip; docs/architecture.md, \"Chain archives\")", Required =
            true };
        var upTo = new Option<ulong?>("--height") { Description = "The last block to export (default: the chain's height)" };
        var export = new Command("export", "Write the chain (genesis, blocks, commits, results) to one file that 'chain verify --archive' replays")
        {
            exportData, output, upTo,
        };
        export.SetAction(parse => CliAction.Run(() =>
        {
            var dir = parse.GetValue(exportData)!;
            if (!File.Exists(Path.Combine(dir, "chain.db"))) throw new CliException($"no chain in {dir}");
            using var store = BlockStore.Open(dir, readOnly: true);
            var registry = ChainRuntime.StandardModules().Registry;
            var path = parse.GetValue(output)!;
            var partial = path + ".partial";
            ulong written;
            using (var file = File.Create(partial)) written = ChainArchive.Write(store, registry, file, parse.GetValue(upTo));
            File.Move(partial, path, overwrite: true);
            Console.WriteLine($"exported blocks 1…{written} to {path} ({new FileInfo(path).Length:N0} bytes)");
            return 0;
        }));
        chain.Subcommands.Add(export);
        return chain;
    }

    private static ChainArchive ReadArchive(string path)
    {
        if (!File.Exists(path)) throw new CliException($"no file {path}");
        try
        {
            using var file = File.OpenRead(path);
            return ChainArchive.Read(file);
        }
        catch (InvalidDataException e)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }
}
