using System.Diagnostics;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node;
using GridForge.Node.Mqtt;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Transactions;
using Spectre.Console;

namespace GridForge.Cli.Commands;

/// <summary>What <c>bench readings</c> (REST) and <c>bench mqtt</c> share: a dev node in-process whose genesis funds the gateways, N
/// meters registered by the DSO (untimed), each meter's readings of the slots that ended last signed before the timed window, the
/// count of readings the chain judged (from committed blocks), and the report beside this machine's Ed25519 verification rate.</summary>
internal sealed class ReadingsBenchRun : IAsyncDisposable
{
    private readonly string _data;
    private long _accepted, _rejected;

    private ReadingsBenchRun(string data, NodeHost host, SigningKey[] gateways, MeterReading[][] signed, MeterReading[] warmUp, Transaction[] sample,
        double verifyBefore, string loadBefore)
    {
        WarmUp = warmUp;
        _data = data;
        Host = host;
        Gateways = gateways;
        Signed = signed;
        Sample = sample;
        VerifyBefore = verifyBefore;
        LoadBefore = loadBefore;
        StartHeight = host.Chain.Height;
        host.Chain.BlockCommitted += (_, results, _) =>
        {
            foreach (var e in results.SelectMany(r => r.Events))
            {
                if (e.Decode() is ReadingsAccepted accepted) Interlocked.Add(ref _accepted, accepted.Count);
                else if (e.Kind == MeteringEvents.ReadingRejected) Interlocked.Increment(ref _rejected);
            }
        };
    }

    public NodeHost Host { get; }

    public ChainNode Chain => Host.Chain;

    /// <summary>The funded accounts that submit (and pay for) the readings' batches.</summary>
    public SigningKey[] Gateways { get; }

    /// <summary>Each meter's readings of the <see cref="WarmUpSlots"/> slots before the timed ones (nothing metered, registers at zero),
    /// for a warm-up pass: slot by slot, all meters' readings of a slot together.</summary>
    public MeterReading[] WarmUp { get; }

    /// <summary>Enough passes through the whole path that the JIT has finished tiering it up before the timed window.</summary>
    public const int WarmUpSlots = 3;

    /// <summary>Each meter's signed readings, in slot order.</summary>
    public MeterReading[][] Signed { get; }

    public Transaction[] Sample { get; }

    public double VerifyBefore { get; }

    public string LoadBefore { get; }

    public ulong StartHeight { get; }

    public long Total => Signed.Sum(s => (long)s.Length);

    private TimeSpan _cpuAtStart;

    /// <summary>Starts the timed window: the stopwatch, and the process's CPU time so far.</summary>
    public Stopwatch StartTimer()
    {
        AnsiConsole.MarkupLine("[grey]timed window: publishing…[/]");
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        return Stopwatch.StartNew();
    }

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Rejected => Interlocked.Read(ref _rejected);

    private static byte[] Seed(string what, int i) => Hashing.Domain("gridforge bench " + what, BitConverter.GetBytes(i)).ToArray();

    /// <summary>Creates the chain (genesis funding <paramref name="gatewayCount"/> gateways), starts its node (with the MQTT gateway when
    /// <paramref name="mqtt"/> gives its options for the first gateway's key), registers the meters and signs their readings.</summary>
    public static async Task<ReadingsBenchRun> StartAsync(string name, int meterCount, int slotCount, int gatewayCount,
        Func<SigningKey, MqttGatewayOptions>? mqtt, CancellationToken ct)
    {
        var data = Path.Combine(Path.GetTempPath(), $"gridforge-bench-{name}-{Environment.ProcessId}");
        if (Directory.Exists(data)) Directory.Delete(data, true);
        var gateways = Enumerable.Range(0, gatewayCount).Select(i => SigningKey.FromSeed(Seed("gateway", i))).ToArray();
        var genesis = DevChain.Genesis(DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            gateways.Select(g => new GenesisAccount { Address = g.Address.ToString(), Watt = 1_000_000_000 }));
        var keys = new MeterKey[meterCount];
        Parallel.For(0, meterCount, i => keys[i] = MeterKey.FromSeed(Seed("meter", i)));
        using var dso = DevAccounts.Key("dso");
        var registrations = new Transaction[meterCount];
        Parallel.For(0, meterCount, i => registrations[i] = Transaction.Sign(dso, DevChain.ChainId, (ulong)i, 100, 1_000_000,
            new RegisterMeterMessage(keys[i].Id, new Address(Hashing.Domain("gridforge bench owner", BitConverter.GetBytes(i))),
                new ZoneId(i % 2 == 0 ? "Z1" : "Z2"),
                MeterKind.Both, MeterTechnology.Solar, 10_000, new Wh(0), new Wh(0), "")));

        var sample = registrations.Take(20_000).ToArray();
        var verifyBefore = BenchCommand.MeasureVerifyRate(sample, TimeSpan.FromSeconds(3));
        var loadBefore = BenchCommand.LoadAverage();

        var chain = ChainNode.Open(data, genesis, DevAccounts.Key("validator"));
        var host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: true, mqtt: mqtt?.Invoke(gateways[0])).ConfigureAwait(false);
        using var client = new NodeClient(host.Url);
        await RegisterAsync(client, chain, registrations, meterCount, ct).ConfigureAwait(false);

        // Readings of the slots that ended last, in slot order per meter, signed before the timed window as the meters
        // themselves would have done.
        var current = GridQueries.SlotAt(chain.State, DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Index;
        var signed = new MeterReading[meterCount][];
        var warmUp = new MeterReading[meterCount * WarmUpSlots];
        Parallel.For(0, meterCount, m =>
        {
            for (var w = 0; w < WarmUpSlots; w++)
            {
                warmUp[(w * meterCount) + m] = keys[m].Sign(DevChain.ChainId, new SlotId(current - slotCount - WarmUpSlots + w), new Wh(0), new Wh(0),
                    new Wh(0), new Wh(0));
            }

            long import = 0, export = 0;
            signed[m] = new MeterReading[slotCount];
            for (var j = 0; j < slotCount; j++)
            {
                long imported = (m + j) % 50, exported = 100 + (((m * 7) + (j * 13)) % 1_000);
                import += imported;
                export += exported;
                signed[m][j] = keys[m].Sign(DevChain.ChainId, new SlotId(current - slotCount + j), new Wh(imported), new Wh(exported), new Wh(import),
                    new Wh(export));
            }
        });
        return new ReadingsBenchRun(data, host, gateways, signed, warmUp, sample, verifyBefore, loadBefore);
    }

    /// <summary>Registers the meters through the REST batch endpoint (untimed) and waits until all are committed.</summary>
    private static async Task RegisterAsync(NodeClient client, ChainNode chain, Transaction[] registrations, int meterCount, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        foreach (var chunk in registrations.Chunk(2_000))
        {
            // One account's pending transactions are bounded by the mempool (10,000 by default).
            while (chain.MempoolCount > 6_000) await Task.Delay(50, ct).ConfigureAwait(false);
            var results = await client.SubmitBatchAsync([.. chunk.Select(t => t.Encoded)], ct).ConfigureAwait(false);
            if (results.FirstOrDefault(r => !r.Accepted) is { } refused) throw new CliException(
                $"a registration was refused: {refused.Code}: {refused.Message}");
        }

        var z1 = new ZoneId("Z1");
        var z2 = new ZoneId("Z2");
        while (MeteringQueries.ActiveMetersIn(chain.State, z1) + MeteringQueries.ActiveMetersIn(chain.State, z2) < meterCount)
        {
            if (sw.Elapsed > TimeSpan.FromMinutes(5)) throw new CliException("the meters were not registered within 5 minutes");
            await Task.Delay(50, ct).ConfigureAwait(false);
        }

        AnsiConsole.MarkupLine($"[grey]{meterCount:N0} meters registered in {sw.Elapsed.TotalSeconds:F1} s (untimed)[/]");
    }

    /// <summary>After a warm-up pass: waits until the chain judged its <paramref name="count"/> readings, then counts from zero again.</summary>
    public async Task EndWarmUpAsync(long count, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (Accepted + Rejected < count && sw.Elapsed < TimeSpan.FromMinutes(5)) await Task.Delay(20, ct).ConfigureAwait(false);
        if (Accepted != count) throw new CliException($"the warm-up pass had {Accepted:N0} of {count:N0} readings accepted");
        Interlocked.Exchange(ref _accepted, 0);
        Interlocked.Exchange(ref _rejected, 0);
        AnsiConsole.MarkupLine($"[grey]warm-up: {count:N0} readings through the whole path in {sw.Elapsed.TotalSeconds:F1} s (untimed)[/]");
    }

    /// <summary>Waits until the chain has judged every reading (or ten minutes have passed since <paramref name="sw"/> started).</summary>
    public async Task WaitJudgedAsync(Stopwatch sw, CancellationToken ct)
    {
        while (Accepted + Rejected < Total && sw.Elapsed < TimeSpan.FromMinutes(10)) await Task.Delay(20, ct).ConfigureAwait(false);
    }

    /// <summary>Prints the figures as a table and one RESULT line; exit code 0 when every reading was accepted.</summary>
    public async Task<int> ReportAsync(string result, double submitSeconds, double seconds, IEnumerable<(string Figure, string Value)> rows)
    {
        var rate = Accepted / seconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart).TotalSeconds;
        var loadAfter = BenchCommand.LoadAverage();
        var height = Chain.Height;
        await Host.DisposeAsync().ConfigureAwait(false);
        // Other processes may share the cores: the machine's rate is taken before and after the run, and averaged.
        var verifyAfter = BenchCommand.MeasureVerifyRate(Sample, TimeSpan.FromSeconds(3));
        var verifyRate = (VerifyBefore + verifyAfter) / 2;
        var table = new Table().AddColumns("figure", "value");
        table.AddRow("readings accepted", $"{Accepted:N0} of {Total:N0} ({Rejected:N0} rejected)");
        foreach (var (figure, value) in rows) table.AddRow(figure, value);
        table.AddRow("blocks", $"{height - StartHeight:N0}");
        table.AddRow("submission time", $"{submitSeconds:F2} s");
        table.AddRow("time to last commit", $"{seconds:F2} s");
        table.AddRow("CPU used by this process (node and load generator)", $"{cpu:F1} core-s ({cpu * 1e6 / Math.Max(1, Accepted):F0} µs per reading)");
        table.AddRow($"[bold]readings/s (target ≥ {ReadingsBenchCommand.Target:N0})[/]", $"[bold]{rate:N0}[/]");
        table.AddRow("Ed25519 verifications/s (all cores)", $"{verifyRate:N0} (before {VerifyBefore:N0}, after {verifyAfter:N0})");
        table.AddRow("load average (1 min) before, after", $"{LoadBefore}, {loadAfter}");
        table.AddRow("[bold]ratio readings/s ÷ verifications/s[/]", $"[bold]{rate / verifyRate:F2}[/]");
        AnsiConsole.Write(table);
        Console.WriteLine($"RESULT {result}={rate:F0} verify_rate={verifyRate:F0} ratio={rate / verifyRate:F3} load={LoadBefore},{loadAfter}");
        return Accepted == Total ? 0 : 1;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync().ConfigureAwait(false);
        foreach (var g in Gateways) g.Dispose();
        if (Directory.Exists(_data)) Directory.Delete(_data, true);
    }
}
