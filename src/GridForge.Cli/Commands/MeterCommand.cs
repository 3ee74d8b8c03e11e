using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Node.Mqtt;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Transactions;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge meter keygen|id|sign|submit|register|move|retire|show|list</c>: a meter's own key and signed
/// readings (offline, as a device would make them), the gateway's submission, and the DSO's registry transactions.</summary>
internal static class MeterCommand
{
    /// <summary>A meter key file: the seed stays on the device; the meter id is its public key.</summary>
    public sealed record MeterKeyFile(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("seed")] string Seed,
        [property: JsonPropertyName("meter")] string Meter);

    public const string KeyType = "gridforge-meter-ed25519";

    public static Command Create()
    {
        var meter = new Command("meter", "Meter keys and signed readings (offline), reading submission, simulated meters over MQTT, and the DSO's meter " +
            "registry");
        meter.Subcommands.Add(KeyGen());
        meter.Subcommands.Add(Id());
        meter.Subcommands.Add(Sign());
        meter.Subcommands.Add(Submit());
        meter.Subcommands.Add(Meters.MeterSimulateCommand.Create());

        var registerMeter = MeterArgument();
        var owner = new Option<string>("--owner") { Description = "The owner: grid1… address, dev name or key file", Required = true };
        var zone = new Option<string>("--zone") { Description = "The meter's zone", Required = true };
        var kind = new Option<string>("--kind") { Description = "production, consumption or both", Required = true };
        var technology = new Option<string>("--technology") { Description = "solar, wind, battery, grid or other", Required = true };
        var rated = new Option<long>("--rated-power") { Description = "Rated power in W", Required = true };
        var importRegister = new Option<long>("--import-register") { Description = "The import register at installation, Wh" };
        var exportRegister = new Option<long>("--export-register") { Description = "The export register at installation, Wh" };
        var serial = new Option<string>("--serial") { Description = "Serial number, for people", DefaultValueFactory = _ => "" };
        meter.Subcommands.Add(GridCommand.DsoTx("register", "Register a meter (DSO)",
            [registerMeter, owner, zone, kind, technology, rated, importRegister, exportRegister, serial], p =>
            {
                if (!MeterNames.TryParseKind(p.GetValue(kind), out var k)) throw new CliException("--kind must be production, consumption or both");
                if (!MeterNames.TryParseTechnology(p.GetValue(technology), out var t)) throw new CliException(
                    "--technology must be solar, wind, battery, grid or other");
                return new RegisterMeterMessage(ResolveMeter(p.GetValue(registerMeter)!), KeyStore.ResolveAddress(p.GetValue(owner)!),
                    new ZoneId(p.GetValue(zone)!),
                    k, t, p.GetValue(rated), new Wh(p.GetValue(importRegister)), new Wh(p.GetValue(exportRegister)), p.GetValue(serial)!);
            }));

        var moveMeter = MeterArgument();
        var newOwner = new Option<string>("--owner") { Description = "The new owner: grid1… address, dev name or key file", Required = true };
        var newZone = new Option<string>("--zone") { Description = "The new zone", Required = true };
        meter.Subcommands.Add(GridCommand.DsoTx("move", "Give a meter a new owner and/or zone (DSO)", [moveMeter, newOwner, newZone], p =>
            new MoveMeterMessage(ResolveMeter(p.GetValue(moveMeter)!), KeyStore.ResolveAddress(p.GetValue(newOwner)!), new ZoneId(p.GetValue(newZone)!))));

        var retireMeter = MeterArgument();
        meter.Subcommands.Add(GridCommand.DsoTx("retire", "Retire a meter for good (DSO)", [retireMeter],
            p => new RetireMeterMessage(ResolveMeter(p.GetValue(retireMeter)!))));

        meter.Subcommands.Add(Show());
        meter.Subcommands.Add(List());
        return meter;
    }

    private static Argument<string> MeterArgument() => new("METER") { Description = "A meter id (meter1…) or a meter key file" };

    private static Command KeyGen()
    {
        var output = new Option<string>("--out") { Description = "Where to write the meter's key file", Required = true };
        var keygen = new Command("keygen", "Generate a meter key and write it to a file; prints the meter id") { output };
        keygen.SetAction(parse => CliAction.Run(() =>
        {
            var path = parse.GetValue(output)!;
            if (File.Exists(path)) throw new CliException($"{path} exists already; refusing to overwrite a key");
            using var key = MeterKey.Generate();
            File.WriteAllText(path, JsonSerializer.Serialize(new MeterKeyFile(KeyType, Convert.ToHexStringLower(key.Seed), key.Id.ToString()), KeyFileJson)
                + "\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Console.WriteLine(key.Id);
            return 0;
        }));
        return keygen;
    }

    private static readonly JsonSerializerOptions KeyFileJson = new() { WriteIndented = true };

    private static Command Id()
    {
        var keyFile = new Argument<string>("KEYFILE") { Description = "A meter key file" };
        var id = new Command("id", "Print the meter id of a meter key file") { keyFile };
        id.SetAction(parse => CliAction.Run(() =>
        {
            using var key = LoadKey(parse.GetValue(keyFile)!);
            Console.WriteLine(key.Id);
            return 0;
        }));
        return id;
    }

    /// <summary>Loads a meter key file, checking that its meter id matches its seed.</summary>
    public static MeterKey LoadKey(string path)
    {
        if (!File.Exists(path)) throw new CliException($"no meter key file '{path}'");
        try
        {
            var file = JsonSerializer.Deserialize<MeterKeyFile>(File.ReadAllText(path));
            if (file?.Type != KeyType || file.Seed is null) throw new CliException($"{path} is not a GridForge meter key file");
            var key = MeterKey.FromSeed(Convert.FromHexString(file.Seed));
            if (key.Id.ToString() != file.Meter) throw new CliException($"{path}: the meter id does not match the seed");
            return key;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            throw new CliException($"{path} is not a GridForge meter key file: {e.Message}");
        }
    }

    /// <summary>A meter given as its id (meter1…) or as its key file.</summary>
    public static MeterId ResolveMeter(string text)
    {
        if (text.StartsWith(MeterId.Prefix + "1", StringComparison.OrdinalIgnoreCase))
        {
            return MeterId.TryParse(text, out var id, out var error) ? id : throw new CliException(error!);
        }

        using var key = LoadKey(text);
        return key.Id;
    }

    /// <summary>A slot given as its index, or as an ISO-8601 time inside it (e.g. 2026-11-24T10:15:00Z).</summary>
    public static SlotId ParseSlot(string text, long slotSeconds)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)) return new SlotId(index);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return new SlotId(Math.DivRem(time.ToUnixTimeSeconds(), slotSeconds, out var r) - (r < 0 ? 1 : 0));
        }

        throw new CliException($"'{text}' is neither a slot number nor an ISO-8601 time");
    }

    private static Command Sign()
    {
        var key = new Option<string>("--key") { Description = "The meter's key file", Required = true };
        var chain = new Option<string>("--chain") { Description = "The chain the reading is for (it is part of what is signed)", DefaultValueFactory =
            _ => "gridforge-dev" };
        var slot = new Option<string>("--slot") { Description = "The slot: its number, or an ISO-8601 time inside it", Required = true };
        var slotSeconds = new Option<long>("--slot-seconds") { Description = "Slot length, for a slot given as a time", DefaultValueFactory = _ => 900 };
        var imported = new Option<long>("--imported") { Description = "Energy imported in the slot, Wh", Required = true };
        var exported = new Option<long>("--exported") { Description = "Energy exported in the slot, Wh", Required = true };
        var importRegister = new Option<long>("--import-register") { Description = "The import register at the slot's end, Wh", Required = true };
        var exportRegister = new Option<long>("--export-register") { Description = "The export register at the slot's end, Wh", Required = true };
        var sign = new Command("sign", "Sign one reading with the meter's key, without any node; prints it as a JSON line for `meter submit`")
            { key, chain, slot, slotSeconds, imported, exported, importRegister, exportRegister };
        sign.SetAction(parse => CliAction.Run(() =>
        {
            var chainId = parse.GetValue(chain)!;
            if (System.Text.Encoding.UTF8.GetByteCount(chainId) is 0
                or > Transaction.MaxChainIdBytes) throw new CliException($"--chain is 1 to {Transaction.MaxChainIdBytes} bytes");
            if (parse.GetValue(slotSeconds) < 1) throw new CliException("--slot-seconds must be positive");
            using var meterKey = LoadKey(parse.GetValue(key)!);
            var reading = meterKey.Sign(chainId, ParseSlot(parse.GetValue(slot)!, parse.GetValue(slotSeconds)), new Wh(parse.GetValue(imported)),
                new Wh(parse.GetValue(exported)), new Wh(parse.GetValue(importRegister)), new Wh(parse.GetValue(exportRegister)));
            Console.WriteLine(ReadingPayload.Format(chainId, reading));
            return 0;
        }));
        return sign;
    }

    private static Command Submit()
    {
        var readings = new Option<string>("--readings") { Description = "A file of JSON lines from `meter sign` ('-' for standard input)", DefaultValueFactory =
            _ => "-" };
        var from = new Option<string>("--from") { Description = "The submitting gateway's key file (or dev name); it pays the fee", Required = true };
        var node = GridCommand.NodeOption();
        var submit = new Command("submit", "Submit signed readings in batches; prints each reading's outcome (exit 0 when all were accepted)") { readings, from,
            node };
        submit.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var path = parse.GetValue(readings)!;
            var lines = path == "-" ? ReadAll(Console.In) : File.Exists(path) ? File.ReadAllLines(path) : throw new CliException($"no readings file '{path}'");
            var parsed = lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select((l, i) =>
                ReadingPayload.TryParse(System.Text.Encoding.UTF8.GetBytes(l), out var chainId, out var error) is { } reading
                    ? (chainId, reading)
                    : throw new CliException($"reading {i + 1} is not a reading JSON line: {error}")).ToList();
            if (parsed.Count == 0) throw new CliException("no readings to submit");
            return await SubmitReadings(parse.GetValue(node)!, parse.GetValue(from)!, parsed, ct).ConfigureAwait(false);
        }));
        return submit;
    }

    private static string[] ReadAll(TextReader reader)
    {
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return [.. lines];
    }

    private static async Task<int> SubmitReadings(string nodeUrl, string keyOrName, IReadOnlyList<(string? ChainId, MeterReading Reading)> lines,
        CancellationToken ct)
    {
        using var client = new NodeClient(nodeUrl);
        var status = await client.StatusAsync(ct).ConfigureAwait(false);
        if (lines.Select(l => l.ChainId).FirstOrDefault(c => c is not null && c != status.ChainId) is { } foreign)
        {
            throw new CliException($"a reading was signed for chain '{foreign}'; the node runs '{status.ChainId}'");
        }

        if (KeyStore.IsDevName(keyOrName) && !status.DevChain) throw new CliException(
            $"'{keyOrName}' is a dev account and refused on the non-dev chain '{status.ChainId}'");
        using var key = KeyStore.Load(keyOrName);
        var signer = client.NonceSigner();
        var txs = new List<Transaction>();
        foreach (var batch in lines.Select(l => l.Reading).Chunk(SubmitReadingsMessage.ReadingsPerTransaction))
        {
            txs.Add(await signer.SignAsync(key, status.ChainId, status.MinFee, status.Height + 1_000, new SubmitReadingsMessage(batch), ct)
                .ConfigureAwait(false));
        }

        var admitted = await client.SubmitReadingsAsync([.. txs.Select(t => t.Encoded)], ct).ConfigureAwait(false);
        if (admitted.FirstOrDefault(a => !a.Accepted) is { } refused) throw new CliException(
            $"the node refused a transaction: {refused.Code}: {refused.Message}");

        int accepted = 0, rejected = 0, offset = 0;
        foreach (var tx in txs)
        {
            var result = await client.WaitAsync(tx.Id.ToString(), TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            if (result.Status == "rejected" || result.Success != true) throw new CliException($"transaction {tx.Id} failed: {result.Code}: {result.Message}");
            var batch = ((SubmitReadingsMessage)tx.Message).Readings;
            var events = result.Events is { } json ? EventJson.Read(json.GetRawText()) ?? [] : [];
            var outcomes = ReadingOutcome.Of(events, batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                if (outcomes[i].Accepted) accepted++;
                else rejected++;
                Console.WriteLine($"{offset + i + 1}: {batch[i].Meter} slot {batch[i].Slot} {(outcomes[i].Accepted ? "accepted" : $"rejected: " +
                    $"{outcomes[i].Code}: {outcomes[i].Reason}")}");
            }

            offset += batch.Count;
            Console.Error.WriteLine($"committed at height {result.Height} (tx {tx.Id})");
        }

        Console.WriteLine($"{accepted} accepted, {rejected} rejected");
        return rejected == 0 ? 0 : 1;
    }

    private static Command Show()
    {
        var meter = MeterArgument();
        var node = GridCommand.NodeOption();
        var show = new Command("show", "Print a meter's registry record and registers") { meter, node };
        show.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var m = await NodeClient.GetOnceAsync<MeteringEndpoints.MeterResponse>(parse.GetValue(node)!,
                $"api/v1/meters/{ResolveMeter(parse.GetValue(meter)!)}", ct).ConfigureAwait(false);
            PrintOne(m);
            return 0;
        }));
        return show;
    }

    private static Command List()
    {
        var owner = new Option<string?>("--owner") { Description = "Only this account's active meters (grid1…, dev name or key file)" };
        var node = GridCommand.NodeOption();
        var json = new Option<bool>("--json") { Description = "Print JSON (whole ids) instead of a table" };
        var list = new Command("list", "List registered meters as a table") { owner, json, node };
        list.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var query = parse.GetValue(owner) is { } o ? $"?owner={KeyStore.ResolveAddress(o)}" : "";
            var meters = await NodeClient.GetOnceAsync<List<MeteringEndpoints.MeterResponse>>(parse.GetValue(node)!, "api/v1/meters" + query, ct)
                .ConfigureAwait(false);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(meters, NodeClient.Json));
            else Print(meters);
            return 0;
        }));
        return list;
    }

    private static void Print(IReadOnlyList<MeteringEndpoints.MeterResponse> meters)
    {
        var table = new Table().AddColumns("meter", "owner", "zone", "kind", "rated W", "status", "last slot");
        foreach (var m in meters)
        {
            table.AddRow(Short(m.Id), Markup.Escape(OwnerName(m.Owner)), Markup.Escape(m.Zone), $"{m.Kind} {m.Technology}", m.RatedPowerW
                .ToString("N0", CultureInfo.InvariantCulture),
                m.Status, m.LastSlot?.ToString(CultureInfo.InvariantCulture) ?? "-");
        }

        AnsiConsole.Write(table);
    }

    private static void PrintOne(MeteringEndpoints.MeterResponse m)
    {
        var table = new Table().AddColumns("meter", "");
        table.AddRow("id", m.Id);
        table.AddRow("owner", Markup.Escape(m.Owner + (OwnerName(m.Owner) is var n && n != m.Owner ? $" ({n})" : "")));
        table.AddRow("zone", Markup.Escape(m.Zone));
        table.AddRow("kind", m.Kind);
        table.AddRow("technology", m.Technology);
        table.AddRow("rated power", $"{m.RatedPowerW.ToString("N0", CultureInfo.InvariantCulture)} W");
        table.AddRow("status", m.Status);
        table.AddRow("serial", Markup.Escape(m.Serial));
        table.AddRow("last reading", m.LastSlot is { } s ? $"slot {s.ToString(CultureInfo.InvariantCulture)}" : "none yet");
        table.AddRow("import register", $"{m.ImportRegister.ToString("N0", CultureInfo.InvariantCulture)} Wh");
        table.AddRow("export register", $"{m.ExportRegister.ToString("N0", CultureInfo.InvariantCulture)} Wh");
        AnsiConsole.Write(table);
    }

    private static string OwnerName(string owner) =>
        Address.TryParse(owner, out var a, out _) && DevAccounts.NameOf(a) is { } name ? name : Short(owner);

    // Bech32m ids are long; a table shows their start and end (`meter show` prints them whole).
    private static string Short(string id) => id.Length > 20 ? $"{id[..12]}…{id[^6..]}" : id;
}
