using System.CommandLine;
using GridForge.Chain.Storage;
using GridForge.Node.Home;
using GridForge.Node.Operations;

namespace GridForge.Cli.Commands;

/// <summary>An operator's commands (docs/operations.md): <c>config show</c>, <c>backup</c>, <c>restore</c>, <c>storage info</c> and
/// <c>storage migrate</c>.</summary>
internal static class OperationsCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Config();
        yield return Backup();
        yield return Restore();
        yield return Storage();
    }

    private static Command Config()
    {
        var options = new NodeConfigOptions();
        var defaults = new Option<bool>("--defaults") { Description = "Print every key at its default instead (a config.json to start from)" };
        var keys = new Option<bool>("--keys") { Description = "List every key with its default and its environment variable" };
        var show = new Command("show", "Print the effective configuration as JSON: defaults, then --home's config.json, then GRIDFORGE_* variables, then the " +
            "flags") { defaults, keys };
        foreach (var option in options.All()) show.Options.Add(option);
        show.SetAction(parse => CliAction.Run(() =>
        {
            if (parse.GetValue(keys))
            {
                foreach (var (key, value, _) in NodeConfigLoader.Keys()) Console.WriteLine(
                    $"{key,-26} {NodeConfigLoader.VariableOf(key),-36} {value ?? "(unset)"}");
                return 0;
            }

            if (parse.GetValue(defaults))
            {
                Console.WriteLine(new NodeConfig().ToJson());
                return 0;
            }

            var (config, _, warnings) = options.Load(parse);
            foreach (var warning in warnings) Console.Error.WriteLine($"warning: {warning}");
            Console.WriteLine(config.ToJson());
            return 0;
        }));
        return new Command("config", "A node's configuration") { show };
    }

    private static Command Backup()
    {
        var options = new NodeConfigOptions();
        var output = new Option<string>("--out") { Description = "The backup file to write (a .tar.gz)", Required = true };
        var includeKeys = new Option<bool>("--include-keys") { Description =
            "Also copy the keys the configuration names (validator, MQTT gateway): keep such a backup as safe as the keys" };
        var backup = new Command("backup", "Take a consistent backup of a node's data while it runs (SQLite online backup), with its config and " +
            "genesis") { output, includeKeys };
        foreach (var option in options.All()) backup.Options.Add(option);
        backup.SetAction(parse => CliAction.Run(() =>
        {
            var (config, home, _) = options.Load(parse);
            var homeFiles = home is null ? new List<string>() : [Path.Combine(home, NodeConfig.FileName), config.GenesisFile];
            var keyFiles = parse.GetValue(includeKeys) ? new[] { config.ValidatorKeyFile, config.Mqtt.GatewayKeyFile }.OfType<string>().ToList() : [];
            try
            {
                var manifest = NodeBackup.Create(config.DataDir, homeFiles, keyFiles, Path.GetFullPath(parse.GetValue(output)!),
                    line => Console.Error.WriteLine(line));
                Console.WriteLine($"backup of {manifest.ChainId} at height {manifest.Height} (storage format {manifest.StorageFormat}, {manifest.Files.Count} "
                    + $"files{(manifest.IncludesKeys ? ", with keys" : "")}) written to {parse.GetValue(output)}");
                return 0;
            }
            catch (Exception e) when (e is BackupException or InvalidOperationException or IOException)
            {
                throw new CliException(e.Message);
            }
        }));
        return backup;
    }

    private static Command Restore()
    {
        var options = new NodeConfigOptions();
        var input = new Option<string>("--in") { Description = "The backup file (from gridforge backup)", Required = true };
        var force = new Option<bool>("--force") { Description =
            "Restore over a data directory that holds a chain (its node stopped); the old one is kept beside it" };
        var restore = new Command("restore", "Restore a backup into a node's home or data directory; the node then starts from the backup's height") { input,
            force };
        foreach (var option in options.All(withNodeFlags: false)) restore.Options.Add(option);
        restore.SetAction(parse => CliAction.Run(() =>
        {
            var (config, home, _) = options.Load(parse);
            try
            {
                var manifest = NodeBackup.Restore(Path.GetFullPath(parse.GetValue(input)!), config.DataDir, home, parse.GetValue(force),
                    line => Console.Error.WriteLine(line));
                Console.WriteLine($"restored {manifest.ChainId} at height {manifest.Height} into {config.DataDir}");
                if (manifest.StorageFormat != BlockStore.StorageFormat)
                {
                    Console.WriteLine(StorageMigrations.WhyNot(manifest.StorageFormat) is { } why
                        ? $"this version (storage format {BlockStore.StorageFormat}) cannot run it: {why}"
                        : $"its storage format is {manifest.StorageFormat}; this version reads {BlockStore.StorageFormat}: run gridforge storage migrate " +
                            $"before starting the node");
                }

                return 0;
            }
            catch (Exception e) when (e is BackupException or InvalidOperationException or IOException or System.Text.Json.JsonException
                or InvalidDataException)
            {
                throw new CliException(e.Message);
            }
        }));
        return restore;
    }

    private static Command Storage()
    {
        var infoOptions = new NodeConfigOptions();
        var info = new Command("info", "The data directory's storage format, and whether this version reads it or how to migrate it");
        foreach (var option in infoOptions.All(withNodeFlags: false)) info.Options.Add(option);
        info.SetAction(parse => CliAction.Run(() =>
        {
            var (config, _, _) = infoOptions.Load(parse);
            var format = StorageMigrations.FormatOf(config.DataDir) ?? throw new CliException($"{config.DataDir} holds no chain");
            Console.WriteLine($"{config.DataDir}: storage format {format}; this version reads format {BlockStore.StorageFormat}");
            var plan = StorageMigrations.Plan(format);
            Console.WriteLine(plan is null ? StorageMigrations.WhyNot(format)
                : plan.Count == 0 ? "current"
                : $"migrate with gridforge storage migrate ({string.Join(", ", plan.Select(s => $"{s.From}→{s.To}: {s.Description}"))})");
            return 0;
        }));

        var migrateOptions = new NodeConfigOptions();
        var migrate = new Command("migrate", "Bring the data directory to this version's storage format, step by step (stop the node and take a backup first)");
        foreach (var option in migrateOptions.All(withNodeFlags: false)) migrate.Options.Add(option);
        migrate.SetAction(parse => CliAction.Run(() =>
        {
            var (config, _, _) = migrateOptions.Load(parse);
            try
            {
                var steps = StorageMigrations.Migrate(config.DataDir, Console.WriteLine);
                Console.WriteLine(steps.Count == 0 ? $"already at storage format {BlockStore.StorageFormat}"
                    : $"migrated to storage format {BlockStore.StorageFormat}");
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException)
            {
                throw new CliException(e.Message);
            }
        }));
        return new Command("storage", "The node's storage format and its migrations") { info, migrate };
    }
}
