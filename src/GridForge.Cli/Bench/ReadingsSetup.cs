using System.Diagnostics;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Mqtt;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Bench;

/// <summary>What <c>bench readings</c> (REST) and <c>bench mqtt</c> share: a dev node in-process whose genesis funds the gateways, N
/// meters registered by the DSO (untimed), each meter's readings of the slots that ended last signed before the timed window, the
/// count of readings the chain judged (from committed blocks), and the report beside this machine's Ed25519 verification rate.</summary>
internal sealed class ReadingsSetup : IAsyncDisposable
{
    public const double Target = 20_000;

    /// <summary>Enough passes through the whole path that the JIT has finished tiering it up before the timed window.</summary>
    public const int WarmUpSlots = 3;

    private static readonly string[] Zones = ["Z1", "Z2"];
    private readonly BenchNode _node;
    private long _accepted, _rejected;
    private ProcessWindow? _window;

    private ReadingsSetup(BenchNode node, SigningKey[] gateways, MeterReading[][] signed, MeterReading[] warmUp, MachineLimit limit)
    {
        _node = node;
        Gateways = gateways;
        Signed = signed;
        WarmUp = warmUp;
        Limit = limit;
        StartHeight = node.Chain.Height;
        node.Chain.BlockCommitted += (_, results, _) =>
        {
            foreach (var e in results.SelectMany(r => r.Events))
            {
                if (e.Decode() is ReadingsAccepted accepted) Interlocked.Add(ref _accepted, accepted.Count);
                else if (e.Kind == MeteringEvents.ReadingRejected) Interlocked.Increment(ref _rejected);
            }
        };
    }

    public BenchNode Node => _node;

    /// <summary>The funded accounts that submit (and pay for) the readings' batches.</summary>
    public SigningKey[] Gateways { get; }

    /// <summary>Each meter's readings of the <see cref="WarmUpSlots"/> slots before the timed ones (nothing metered, registers at zero),
    /// for a warm-up pass: slot by slot, all meters' readings of a slot together.</summary>
    public MeterReading[] WarmUp { get; }

    /// <summary>Each meter's signed readings, in slot order.</summary>
    public MeterReading[][] Signed { get; }

    public MachineLimit Limit { get; }

    public ulong StartHeight { get; }

    public long Total => Signed.Sum(s => (long)s.Length);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Creates the chain (genesis funding <paramref name="gatewayCount"/> gateways), starts its node (with the MQTT gateway when
    /// <paramref name="mqtt"/> gives its options for the first gateway's key), registers the meters and signs their readings.</summary>
    public static async Task<ReadingsSetup> StartAsync(string name, int meterCount, int slotCount, int gatewayCount,
        Func<SigningKey, MqttGatewayOptions>? mqtt, CancellationToken ct)
    {
        var gateways = Enumerable.Range(0, gatewayCount).Select(BenchTransactions.GatewayKey).ToArray();
        var genesis = DevChain.Genesis(DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            gateways.Select(g => new GenesisAccount { Address = g.Address.ToString(), Watt = 1_000_000_000 }));
        var keys = new MeterKey[meterCount];
        Parallel.For(0, meterCount, i => keys[i] = BenchTransactions.MeterKey(i));
        using var dso = DevAccounts.Key("dso");
        var registrations = new Transaction[meterCount];
        Parallel.For(0, meterCount, i => registrations[i] = BenchTransactions.RegisterMeter(dso, DevChain.ChainId, (ulong)i, keys[i].Id,
            BenchTransactions.MeterOwner(i), Zones[i % 2], MeterKind.Both, 10_000));

        var limit = MachineLimit.Measure(registrations);
        var node = await BenchNode.StartAsync(name, genesis, mqtt?.Invoke(gateways[0])).ConfigureAwait(false);
        await node.RegisterMetersAsync(registrations, Zones, "meters", ct).ConfigureAwait(false);

        // Readings of the slots that ended last, in slot order per meter, signed before the timed window as the meters
        // themselves would have done.
        var current = GridQueries.SlotAt(node.Chain.State, DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Index;
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
        return new ReadingsSetup(node, gateways, signed, warmUp, limit);
    }

    /// <summary>After a warm-up pass: waits until the chain judged its <paramref name="count"/> readings, then counts from zero again.</summary>
    public async Task EndWarmUpAsync(long count, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        await BenchHarness.WaitUntilAsync(() => Accepted + Rejected >= count, sw, TimeSpan.FromMinutes(5), ct).ConfigureAwait(false);
        if (Accepted != count) throw new CliException($"the warm-up pass had {Accepted:N0} of {count:N0} readings accepted");
        Interlocked.Exchange(ref _accepted, 0);
        Interlocked.Exchange(ref _rejected, 0);
        BenchHarness.Note($"warm-up: {count:N0} readings through the whole path in {sw.Elapsed.TotalSeconds:F1} s (untimed)");
    }

    /// <summary>Starts the timed window: the stopwatch, and the process's CPU time so far.</summary>
    public Stopwatch StartTimer()
    {
        BenchHarness.Note("timed window: publishing…");
        _window = ProcessWindow.Start();
        return Stopwatch.StartNew();
    }

    /// <summary>Waits until the chain has judged every reading (or ten minutes have passed since <paramref name="sw"/> started).</summary>
    public Task WaitJudgedAsync(Stopwatch sw, CancellationToken ct) =>
        BenchHarness.WaitUntilAsync(() => Accepted + Rejected >= Total, sw, TimeSpan.FromMinutes(10), ct);

    /// <summary>The figures, the load's own <paramref name="rows"/> after the first; exit code 0 when every reading was accepted.</summary>
    public async Task<BenchReport> ReportAsync(string result, double submitSeconds, double seconds, IEnumerable<(string Figure, string Value)> rows)
    {
        var rate = Accepted / seconds;
        var cpu = _window!.CpuSeconds;
        var loadAfter = MachineLimit.LoadAverage();
        var height = _node.Chain.Height;
        await _node.StopAsync().ConfigureAwait(false);
        // Other processes may share the cores: the machine's rate is taken before and after the run, and averaged.
        Limit.MeasureAfter(loadAfter);
        var report = new BenchReport { ExitCode = Accepted == Total ? 0 : 1 }.Row("readings accepted", $"{Accepted:N0} of {Total:N0} ({Rejected:N0} rejected)");
        foreach (var (figure, value) in rows) report.Row(figure, value);
        return report
            .Timing(height - StartHeight, submitSeconds, seconds)
            .Row("CPU used by this process (node and load generator)", $"{cpu:F1} core-s ({cpu * 1e6 / Math.Max(1, Accepted):F0} µs per reading)")
            .Headline($"readings/s (target ≥ {Target:N0})", $"{rate:N0}")
            .Row(MachineLimit.VerifyFigure, Limit.VerifyValue)
            .Row(MachineLimit.LoadFigure, Limit.LoadRow)
            .Headline("ratio readings/s ÷ verifications/s", $"{Limit.Ratio(rate):F2}")
            .Result(result, rate, "F0").Result("verify_rate", Limit.VerifyRate, "F0").Result("ratio", Limit.Ratio(rate), "F3").Result("load", Limit.LoadField);
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync().ConfigureAwait(false);
        foreach (var g in Gateways) g.Dispose();
    }
}
