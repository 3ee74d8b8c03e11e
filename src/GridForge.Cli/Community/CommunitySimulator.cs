using System.Globalization;
using GridForge.Cli.Commands;
using GridForge.Cli.Meters;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Node.Bank;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Tokens;

namespace GridForge.Cli.Community;

/// <summary>The dev community (issue 9, docs/community.md): households whose meters sign a reading every slot and whose
/// residential contracts trade, on a dev node, through the node's REST API only, as any client would. Setup is
/// idempotent, so a restarted dev node picks its community up where the chain left it. Time is the chain's (the latest
/// block's), never the wall clock, so it runs at whatever speed the node's clock runs.</summary>
internal sealed class CommunitySimulator : IDisposable
{
    /// <summary>Fiat a new member deposits at the sandbox bank, µ-units: a consumer buys all it uses, a prosumer some.</summary>
    public const ulong ConsumerDeposit = 100_000_000, ProsumerDeposit = 40_000_000;

    /// <summary>WATT the DSO gives each new member for its first fees, before the issuer has minted its deposit.</summary>
    public const ulong FeeFloat = 1_000_000;

    /// <summary>WATT the DSO gives the community's gateway for the fees of its readings batches, and tops it up with once a
    /// (chain) day when it has less than <see cref="GatewayLow"/>.</summary>
    public const ulong GatewayFloat = 10_000_000, GatewayLow = 1_000_000;

    /// <summary>Once a (chain) day, a member with less free WATT than this deposits <see cref="TopUp"/> more.</summary>
    public const ulong TopUpBelow = 20_000_000, TopUp = 50_000_000;

    /// <summary>After a restart, readings of at most this many ended slots are caught up.</summary>
    public const int MaxCatchUpSlots = 8;

    private const string ReadingsOf = "readings of slot ";

    /// <summary>The links the DSO builds to the zone it adds (the dev genesis has Z1–Z2): from, to, fee µWATT/kWh, Wh per slot.</summary>
    private static readonly (string From, string To, long Fee, long Capacity)[] AddedLinks = [("Z2", "Z3", 8_000, 40_000), ("Z1", "Z3", 15_000, 30_000)];

    private readonly NodeClient _client;
    private readonly IReadOnlyList<CommunityMember> _members;
    private readonly TextWriter _out;
    private readonly SignedSubmitter _tx;
    private readonly SigningKey _dso = DevAccounts.Key("dso");
    private readonly SigningKey _gateway = CommunityKeys.Account(CommunityKeys.GatewayName);
    // The community's own issuer (docs/community.md): its bridge never shares a key, nonces or reserves with a person's `watt bridge`.
    // A data directory made before the dev genesis had that issuer falls back to `issuer` (StartAsync).
    private SigningKey _issuer = DevAccounts.Key(DevAccounts.CommunityIssuer);
    private readonly SigningKey[] _keys;
    private readonly SimulatedMeter[] _meters;
    private readonly long[] _lastRead;
    private readonly ulong?[] _contracts;
    private readonly long[] _forecastThrough;
    private readonly Queue<SlotReport> _unsettled = new();
    private long _slotSeconds;
    private long _runBeforeSlot;
    private long _firstTradingSlot;
    private long _step = 60;
    private (ulong Height, long Time)? _seen;
    private long _lastEnded;
    private long _nextTopUpDay;
    private Task? _bridge;
    private readonly Lock _problemLock = new();
    private string? _lastProblem;
    private long _lastProblemAt = long.MinValue;
    private int _problemsUnsaid;

    private readonly string? _broker;
    private MeterFleet? _fleet;

    /// <summary>With <paramref name="broker"/> (<c>mqtt://…</c>, the node's embedded broker) the meters publish their readings over MQTT,
    /// each on its own connection, as real meters do; without, the community's gateway account submits them through the REST API.</summary>
    public CommunitySimulator(NodeClient client, IReadOnlyList<CommunityMember> members, TextWriter output, string? broker = null)
    {
        _broker = broker;
        _client = client;
        _members = members;
        _out = output;
        _tx = new SignedSubmitter(client);
        _keys = [.. members.Select(m => CommunityKeys.Account(m.Name))];
        _meters = [.. members.Select(m => new SimulatedMeter(CommunityKeys.Meter(m.Name)))];
        _lastRead = new long[members.Count];
        _contracts = new ulong?[members.Count];
        _forecastThrough = new long[members.Count];
    }

    public IReadOnlyList<CommunityMember> Members => _members;

    public long SlotSeconds => _slotSeconds;

    /// <summary>Each member's residential contract, once created or found.</summary>
    public IReadOnlyList<ulong?> Contracts => _contracts;

    /// <summary>Slots whose readings were submitted, and the settlement lines printed, so far.</summary>
    public long SlotsRead { get; private set; }

    public long SlotsSettled { get; private set; }

    /// <summary>Brings the community onto the chain where it is not yet: the third zone and its links, the meters, each
    /// new member's fee float and sandbox deposit (minted by the issuer's bridge in the background), and each member's
    /// residential contract.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var status = await _tx.BeginAsync(ct).ConfigureAwait(false);
        if (!status.DevChain) throw new CliException($"the dev community runs on dev chains only, not on '{status.ChainId}'");
        Observe(status);
        if (await _client.FindAsync<WattIssuerResponse>($"api/v1/watt/issuers/{_issuer.Address}", ct).ConfigureAwait(false) is not { Active: true })
        {
            _issuer.Dispose();
            _issuer = DevAccounts.Key("issuer");
            Problem("this chain's genesis has no community issuer (it predates it): the community's bridge signs with `issuer`, so do not run `watt bridge " +
                "--from issuer` beside it");
        }

        var grid = await _client.GetAsync<GridEndpoints.GridResponse>("api/v1/grid", ct).ConfigureAwait(false);
        _slotSeconds = grid.SlotSeconds;
        var ended = ((status.LatestTime ?? 0) / _slotSeconds) - 1;

        await AddZonesAsync(_tx, _dso, grid, _members.Count, ct).ConfigureAwait(false);

        await FundGatewayAsync(_client, _tx, _dso, _gateway.Address, ct).ConfigureAwait(false);
        // The community issuer holds no genesis WATT: the DSO floats its fees (attestations, mints, payouts) as it does the gateway's.
        if (_issuer.Address != DevAccounts.AddressOf("issuer")) await FundGatewayAsync(_client, _tx, _dso, _issuer.Address, ct).ConfigureAwait(false);

        var deposits = 0;
        for (var i = 0; i < _members.Count; i++)
        {
            var member = _members[i];
            var meter = await EnsureMeterAsync(_client, _tx, _dso, member, _meters[i].Id, _keys[i].Address, ct).ConfigureAwait(false);
            if (meter is null)
            {
                _lastRead[i] = ended;
            }
            else
            {
                _meters[i].Resync(meter.ImportRegister, meter.ExportRegister);
                _lastRead[i] = meter.LastSlot ?? ended;
            }

            var account = await _client.AccountAsync(_keys[i].Address.ToString(), ct).ConfigureAwait(false);
            if (account.Nonce == 0 && account.Watt.Free == 0 && account.Watt.Reserved == 0)
            {
                await _tx.SubmitAsync(_dso, new TransferMessage(_keys[i].Address, Token.Watt, new Amount(FeeFloat)), $"dso fee float to {member.Name}", ct)
                    .ConfigureAwait(false);
                await DepositAsync(member, _keys[i].Address, member.Kind == MemberKind.Consumer ? ConsumerDeposit : ProsumerDeposit, ct).ConfigureAwait(false);
                deposits++;
            }
        }

        await _tx.WaitAllAsync(ct).ConfigureAwait(false);
        if (_tx.Failures.Count > 0) throw new CliException($"the community's setup failed: {string.Join("; ", _tx.Failures)}");
        if (deposits > 0) StartBridge(ct);
        if (_broker is not null) _fleet = await MeterFleet.ConnectAsync(_broker, [.. _meters.Select(m => m.Id)], _meters.Length, ct).ConfigureAwait(false);
        await CreateContractsAsync(ct).ConfigureAwait(false);
        _lastEnded = Math.Max(_lastRead.DefaultIfEmpty(ended).Min(), ended - MaxCatchUpSlots);
        _nextTopUpDay = ((status.LatestTime ?? 0) / 86_400) + 1;
    }

    /// <summary>The DSO gives the community's gateway account (the dev node's MQTT gateway) <see cref="GatewayFloat"/> for the fees of
    /// the readings' batches when it has less than <see cref="GatewayLow"/>: a transfer submitted in the round of <paramref name="tx"/>.</summary>
    internal static async Task FundGatewayAsync(NodeClient client, SignedSubmitter tx, SigningKey dso, Address gateway, CancellationToken ct)
    {
        if ((await client.AccountAsync(gateway.ToString(), ct).ConfigureAwait(false)).Watt.Free < GatewayLow)
        {
            await tx.SubmitAsync(dso, new TransferMessage(gateway, Token.Watt, new Amount(GatewayFloat)), "dso fee float to the gateway", ct)
                .ConfigureAwait(false);
        }
    }

    /// <summary>The community's zones and their links where the grid lacks them: DSO transactions submitted in the round of <paramref name="tx"/>.</summary>
    internal static async Task AddZonesAsync(SignedSubmitter tx, SigningKey dso, GridEndpoints.GridResponse grid, int members, CancellationToken ct)
    {
        foreach (var zone in CommunityPlan.Zones(members).Where(z => grid.Zones.All(g => g.Name != z)))
        {
            await tx.SubmitAsync(dso, new AddZoneMessage(new ZoneId(zone)), $"dso add_zone {zone}", ct).ConfigureAwait(false);
            foreach (var link in AddedLinks.Where(l => l.To == zone))
            {
                await tx.SubmitAsync(dso, new SetLinkMessage(new ZoneId(link.From), new ZoneId(link.To), new PricePerKwh(link.Fee), new Wh(link.Capacity),
                    new Wh(link.Capacity)),
                    $"dso set_link {link.From} {link.To}", ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The chain's record of a member's meter, or null after submitting its registration (a DSO transaction in the round of
    /// <paramref name="tx"/>) when the chain does not know it.</summary>
    internal static async Task<MeteringEndpoints.MeterResponse?> EnsureMeterAsync(NodeClient client, SignedSubmitter tx, SigningKey dso, CommunityMember member,
        MeterId meter,
        Address owner, CancellationToken ct)
    {
        var record = await client.FindAsync<MeteringEndpoints.MeterResponse>($"api/v1/meters/{meter}", ct).ConfigureAwait(false);
        if (record is null)
        {
            await tx.SubmitAsync(dso, new RegisterMeterMessage(meter, owner, member.Zone, member.MeterKind, member.Technology,
                member.MeterRatedW, new Wh(0), new Wh(0), "COMMUNITY-" + member.Name), $"dso register_meter {member.Name}", ct).ConfigureAwait(false);
        }

        return record;
    }

    /// <summary>Finds each member's residential contract, or creates it to start two slots from now (its first slot's book
    /// is open and its run time still ahead); the new ones' ids come from their <c>contract_created</c> events.</summary>
    private async Task CreateContractsAsync(CancellationToken ct)
    {
        var status = await _tx.BeginAsync(ct).ConfigureAwait(false);
        Observe(status);
        var parameters = await _client.GetAsync<List<GovernanceEndpoints.ParamResponse>>("api/v1/governance/params", ct).ConfigureAwait(false);
        long Param(ParamSpec spec) => parameters.Single(p => p.Module == spec.Module && p.Name == spec.Name).Value;
        // A slot's rules act this long before it starts: the lead time before its gate closure.
        _runBeforeSlot = Param(MarketModule.GateClosureSeconds) + Param(ContractsModule.LeadSeconds);
        var maxSlots = Param(ContractsModule.MaxSlots);
        var current = (status.LatestTime ?? 0) / _slotSeconds;
        var start = new SlotId(current + 2);
        // Its first slot may come too soon for a forecast to reach the rule before it acts; the second has one.
        _firstTradingSlot = start.Index + 1;
        var created = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _members.Count; i++)
        {
            _contracts[i] = await CommunityContracts.FindAsync(_client, _keys[i].Address, ct).ConfigureAwait(false);
            _forecastThrough[i] = current;
            if (_contracts[i] is not null) continue;
            var what = $"{_members[i].Name} contracts.create";
            if (await _tx.SubmitAsync(_keys[i], CommunityContracts.Create(_members[i], start, maxSlots), what, ct).ConfigureAwait(false)) created[what] = i;
            _forecastThrough[i] = start.Index - 1;
        }

        foreach (var (what, committed) in await _tx.WaitAllAsync(ct).ConfigureAwait(false))
        {
            if (created.TryGetValue(what, out var i)) _contracts[i] = CommunityContracts.CreatedId(committed);
        }

        if (_tx.Failures.Count > 0) throw new CliException($"the community's contracts were not all created: {string.Join("; ", _tx.Failures)}");
    }

    /// <summary>One line saying who is there and where to look.</summary>
    public string Introduction(string nodeUrl)
    {
        var count = (MemberKind k) => _members.Count(m => m.Kind == k);
        var node = nodeUrl.TrimEnd('/') == TxCommand.NodeUrlDefault ? string.Empty : $" --node {nodeUrl}";
        var zones = CommunityPlan.Zones(_members.Count);
        return $"Community: {_members.Count} households ({count(MemberKind.Solar)} solar, {count(MemberKind.Wind)} wind, {count(MemberKind.Consumer)} " +
            $"consumers; "
            + $"member-01 … {CommunityKeys.NameOf(_members.Count)}) in {zones[0]}–{zones[^1]} meter and trade every slot (docs/community.md). "
            + $"Watch: ./gridforge market trades --slot {_firstTradingSlot}{node} · curl -N {nodeUrl}/api/v1/market/stream";
    }

    /// <summary>Runs until cancelled: every slot, once it has ended by chain time, the meters' readings; the members'
    /// forecasts for the slots ahead; one line per settled slot.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await TickAsync(ct).ConfigureAwait(false);
            }
            catch (CliException e)
            {
                Problem(e.Message);
            }
            catch (TimeoutException e)
            {
                Problem(e.Message);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(200, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (_bridge is not null)
        {
            await _bridge.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_fleet is not null)
        {
            await _fleet.DisposeAsync().ConfigureAwait(false);
            _fleet = null;
        }
    }

    private async Task TickAsync(CancellationToken ct)
    {
        var status = await _tx.BeginAsync(ct).ConfigureAwait(false);
        var time = status.LatestTime ?? 0;
        Observe(status);
        var ended = (time / _slotSeconds) - 1;
        var forecasts = await SubmitForecastsAsync(time, ct).ConfigureAwait(false);
        if (ended > _lastEnded || forecasts > 0)
        {
            var reports = new List<SlotReport>();
            for (var slot = Math.Max(_lastEnded + 1, ended - MaxCatchUpSlots + 1); slot <= ended; slot++)
            {
                reports.Add(await SubmitReadingsAsync(slot, ct).ConfigureAwait(false));
            }

            var committed = await _tx.WaitAllAsync(ct).ConfigureAwait(false);
            var refused = committed.SelectMany(c => TxEvents.Of<ReadingRejected>(c.Status)).Select(r => (r.Code, r.Reason))
                .Concat((_fleet?.TakeOutcomes() ?? []).Where(o => !o.Accepted).Select(o => (Code: o.Code ?? "", Reason: o.Reason ?? "")))
                .ToList();
            var readingsFailed = _tx.Failures.Where(f => f.StartsWith(ReadingsOf, StringComparison.Ordinal)).ToList();
            if (refused.Count > 0 || readingsFailed.Count > 0)
            {
                Problem(refused.Count > 0 ? $"{refused.Count} readings refused, e.g. {refused[0].Code}: {refused[0].Reason}"
                    : string.Join("; ", readingsFailed));
                await ResyncMetersAsync(ct).ConfigureAwait(false);
            }
            else if (_tx.Failures.Count > 0)
            {
                Problem($"{_tx.Failures.Count} transactions failed, e.g. {_tx.Failures[0]}");
            }

            if (ended > _lastEnded) await BridgeOthersAsync(ct).ConfigureAwait(false);
            foreach (var report in reports)
            {
                var trades = await TradesAsync(report.Slot, ct).ConfigureAwait(false);
                if (trades.Count > 0) _unsettled.Enqueue(report);
            }

            SlotsRead += reports.Count;
            _lastEnded = Math.Max(_lastEnded, ended);
        }

        await ReportSettledAsync(ct).ConfigureAwait(false);
        if (time / 86_400 >= _nextTopUpDay && _bridge is not { IsCompleted: false })
        {
            _nextTopUpDay = (time / 86_400) + 1;
            await TopUpAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Measures the chain seconds per block from the blocks themselves (the simulator is not told the speed):
    /// remembered high, since it serves as a margin, and forgotten slowly.</summary>
    private void Observe(StatusResponse status)
    {
        var time = status.LatestTime ?? 0;
        if (_seen is { } seen && status.Height > seen.Height)
        {
            _step = Math.Max((time - seen.Time) / (long)(status.Height - seen.Height), _step * 9 / 10);
        }

        if (_seen is null || status.Height > _seen.Value.Height) _seen = (status.Height, time);
    }

    /// <summary>Each member tells its contract what it expects in the slots up to <see cref="CommunityContracts.ForecastHorizonSlots"/>
    /// ahead, each slot once, while the contract has not yet acted in it (its run time is more than a few blocks away).</summary>
    private async Task<int> SubmitForecastsAsync(long time, CancellationToken ct)
    {
        var upTo = (time / _slotSeconds) + CommunityContracts.ForecastHorizonSlots;
        var sent = 0;
        for (var i = 0; i < _members.Count; i++)
        {
            if (_contracts[i] is not { } contract) continue;
            for (var slot = _forecastThrough[i] + 1; slot <= upTo; slot++)
            {
                _forecastThrough[i] = slot;
                if ((slot * _slotSeconds) - _runBeforeSlot <= time + (3 * _step)) continue;
                await _tx.SubmitAsync(_keys[i], CommunityContracts.Forecast(contract, _members[i], slot, _slotSeconds),
                    $"{_members[i].Name} forecast of slot {slot}", ct)
                    .ConfigureAwait(false);
                sent++;
            }
        }

        return sent;
    }

    /// <summary>Every member's meter signs its reading of <paramref name="slot"/> and publishes it over MQTT to the node's gateway,
    /// which batches them into transactions paid by the community's gateway account (<c>node --dev</c>). Without a broker the
    /// community's gateway account submits them in batches through the REST API, as a data concentrator would (anyone may: the
    /// meters' signatures prove the readings); its own key keeps the DSO's nonces free for a person using <c>--from dso</c>.</summary>
    private async Task<SlotReport> SubmitReadingsAsync(long slot, CancellationToken ct)
    {
        var readings = new List<MeterReading>(_members.Count);
        long exported = 0, imported = 0;
        for (var i = 0; i < _members.Count; i++)
        {
            if (_lastRead[i] >= slot) continue;
            var energy = _members[i].Actual(slot, _slotSeconds);
            readings.Add(_meters[i].Read(_tx.Status.ChainId, new SlotId(slot), energy.ImportedWh, energy.ExportedWh));
            exported += energy.ExportedWh;
            imported += energy.ImportedWh;
            _lastRead[i] = slot;
        }

        if (_fleet is { } fleet)
        {
            // Each acknowledgement means the node's gateway holds the reading durably; its outcome comes later, on the meter's topic.
            var acknowledged = await Task.WhenAll(readings.Select(r => fleet.PublishAsync(_tx.Status.ChainId, r, ct))).ConfigureAwait(false);
            if (acknowledged.Any(a => !a)) _tx.Failures
                .Add($"{ReadingsOf}{slot}: {acknowledged.Count(a => !a)} readings were refused by the node's MQTT gateway");
            return new SlotReport(slot, exported, imported);
        }

        foreach (var chunk in readings.Chunk(SubmitReadingsMessage.ReadingsPerTransaction))
        {
            var tx = await _tx.SignAsync(_gateway, new SubmitReadingsMessage(chunk), ct).ConfigureAwait(false);
            var what = $"{ReadingsOf}{slot}";
            var result = (await _client.SubmitReadingsAsync([tx.Encoded], ct).ConfigureAwait(false))[0];
            if (result.Accepted) _tx.Track(result.Hash!, what);
            else _tx.Refused(_gateway.Address, what, $"{result.Code}: {result.Message}");
        }

        return new SlotReport(slot, exported, imported);
    }

    /// <summary>Puts every meter's registers back where the chain has them (after a refused reading).</summary>
    private async Task ResyncMetersAsync(CancellationToken ct)
    {
        for (var i = 0; i < _members.Count; i++)
        {
            if (await _client.FindAsync<MeteringEndpoints.MeterResponse>($"api/v1/meters/{_meters[i].Id}", ct).ConfigureAwait(false) is { } m)
            {
                _meters[i].Resync(m.ImportRegister, m.ExportRegister);
            }
        }
    }

    private Task<List<CommunityTrade>> TradesAsync(long slot, CancellationToken ct) =>
        _client.GetAsync<List<CommunityTrade>>($"api/v1/market/slots/{slot}/trades", ct);

    /// <summary>One line per slot whose trades have all settled, oldest first (slots settle in order).</summary>
    private async Task ReportSettledAsync(CancellationToken ct)
    {
        while (_unsettled.TryPeek(out var report))
        {
            var trades = await TradesAsync(report.Slot, ct).ConfigureAwait(false);
            if (trades.Any(t => t.Settlement is null)) return;
            _unsettled.Dequeue();
            SlotsSettled++;
            var start = DateTimeOffset.FromUnixTimeSeconds(report.Slot * _slotSeconds);
            var traded = trades.Sum(t => t.Quantity);
            var delivered = trades.Sum(t => t.Settlement!.Delivered);
            var paid = trades.Sum(t => t.Settlement!.BuyerPaid);
            var fees = trades.Aggregate(0UL, (s, t) => s + t.Settlement!.DsoReceived);
            var price = delivered > 0 ? string.Create(CultureInfo.InvariantCulture, $" at {paid * 1000.0 / delivered / 1e6:0.000} WATT/kWh") : string.Empty;
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{start:MM-dd HH:mm} slot {report.Slot} settled: {trades.Count} trades, {Kwh(delivered)} of {Kwh(traded)} kWh delivered{price}, "
                + $"{fees / 1e6:0.000} WATT grid fees · metered {Kwh(report.ExportedWh)} kWh out, {Kwh(report.ImportedWh)} kWh in"));
        }
    }

    private static string Kwh(long wh) => (wh / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Once a chain day: members running low on WATT deposit more at the sandbox bank, and the issuer mints it; the
    /// DSO tops the gateway's fee money up.</summary>
    private async Task TopUpAsync(CancellationToken ct)
    {
        await FundGatewayAsync(_client, _tx, _dso, _gateway.Address, ct).ConfigureAwait(false);
        // The community issuer holds no genesis WATT: the DSO floats its fees (attestations, mints, payouts) as it does the gateway's.
        if (_issuer.Address != DevAccounts.AddressOf("issuer")) await FundGatewayAsync(_client, _tx, _dso, _issuer.Address, ct).ConfigureAwait(false);

        var any = false;
        for (var i = 0; i < _members.Count; i++)
        {
            var account = await _client.AccountAsync(_keys[i].Address.ToString(), ct).ConfigureAwait(false);
            if (account.Watt.Free >= TopUpBelow) continue;
            await DepositAsync(_members[i], _keys[i].Address, TopUp, ct).ConfigureAwait(false);
            any = true;
        }

        await _tx.WaitAllAsync(ct).ConfigureAwait(false);
        if (any) StartBridge(ct);
    }

    private Task<SandboxDepositResponse> DepositAsync(CommunityMember member, Address to, ulong amount, CancellationToken ct) =>
        _client.PostAsync<SandboxDepositRequest, SandboxDepositResponse>("api/v1/sandbox-bank/deposits",
            new SandboxDepositRequest(_issuer.Address.ToString(), to.ToString(), amount, member.Name + "-bank"), ct);

    /// <summary>Once a slot: any deposit waiting at the sandbox bank for the community's issuer (a person's too, made with
    /// <c>watt deposit --issuer</c> and that issuer's address) or redemption it owes gets its bridge, so its on/off-ramp works end to
    /// end while the community runs. The default issuer's (<c>issuer</c>) are left to whoever runs <c>watt bridge --from issuer</c>.</summary>
    private async Task BridgeOthersAsync(CancellationToken ct)
    {
        if (_bridge is { IsCompleted: false }) return;
        var unminted = await _client.GetAsync<List<SandboxDepositResponse>>($"api/v1/sandbox-bank/deposits?issuer={_issuer.Address}&unminted=true", ct)
            .ConfigureAwait(false);
        var issuer = await _client.FindAsync<WattIssuerResponse>($"api/v1/watt/issuers/{_issuer.Address}", ct).ConfigureAwait(false);
        if (unminted.Count > 0 || issuer is { PendingRedemptions: > 0 }) StartBridge(ct);
    }

    /// <summary>The issuer's bridge, as <c>gridforge watt bridge --once</c> runs it: attest the sandbox bank's reserves, then
    /// mint every unminted deposit (one block each), in the background.</summary>
    private void StartBridge(CancellationToken ct)
    {
        if (_bridge is { IsCompleted: false }) return;
        var fee = _tx.Status.MinFee;
        _bridge = Task.Run(async () =>
        {
            try
            {
                var report = await new IssuerBridge(new SandboxBankClient(_client.Http), new HttpIssuerChain(_client.Http, _issuer, fee), _issuer)
                    .RunOnceAsync(ct).ConfigureAwait(false);
                if (report.Deferred.Count > 0) Problem($"the issuer's bridge deferred: {string.Join("; ", report.Deferred)}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Problem($"the issuer's bridge stopped: {e.Message}");
            }
        }, ct);
    }

    /// <summary>Says what went wrong, at most one line every half minute (real time: this is the console, not the chain),
    /// never the same line twice in a row; what it holds back it counts in the next line.</summary>
    private void Problem(string text)
    {
        lock (_problemLock)
        {
            var now = Environment.TickCount64;
            if (text == _lastProblem || now - _lastProblemAt < 30_000)
            {
                _problemsUnsaid++;
                return;
            }

            var more = _problemsUnsaid > 0 ? $" (and {_problemsUnsaid} more problems since the last line)" : string.Empty;
            _out.WriteLine($"community: {text}{more}");
            (_lastProblem, _lastProblemAt, _problemsUnsaid) = (text, now, 0);
        }
    }

    public void Dispose()
    {
        _fleet?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
        _dso.Dispose();
        _gateway.Dispose();
        _issuer.Dispose();
        foreach (var k in _keys) k.Dispose();
        foreach (var m in _meters) m.Key.Dispose();
    }

    /// <summary>What a slot's readings said, kept until the slot settles.</summary>
    private sealed record SlotReport(long Slot, long ExportedWh, long ImportedWh);
}
