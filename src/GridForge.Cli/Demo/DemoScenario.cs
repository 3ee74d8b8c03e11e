using System.Diagnostics;
using GridForge.Chain;
using GridForge.Chain.Verification;
using GridForge.Cli.Community;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Node.Api;
using GridForge.Node.Bank;
using GridForge.Node.Signing;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Demo;

/// <summary>The three-prosumer story (DESIGN §9, issue 9) as real signed transactions on an in-process dev node in a
/// temporary directory: meters registered, WATT minted against a sandbox deposit, offers and a bid, two trades, meter
/// readings, settlement, certificates, and <c>chain verify</c>. Time is driven by the blocks' timestamps, so gate
/// closure and the metering window pass at once. The inputs are public so a test can compute the outcome on its own.</summary>
internal sealed class DemoScenario
{
    /// <summary>The dev genesis already holds the grid (Z1, Z2, one link): the demo uses it rather than registering it again.</summary>
    public const string AliceZone = "Z1";
    public const string BobZone = "Z2";
    public const string CharlieZone = "Z1";

    public const long AliceRatedW = 150_000;
    public const long BobRatedW = 100_000;
    public const long CharlieRatedW = 120_000;

    /// <summary>Exported per slot: the delivery slot, then the one after it.</summary>
    public static readonly long[] AliceExportWh = [30_000, 20_000];
    public static readonly long[] BobExportWh = [20_000, 10_000];
    public const long CharlieImportWh = 25_000;

    /// <summary>Asks and the bid, µWATT/kWh and Wh; odd prices and half-kWh quantities make the rounding show.</summary>
    public const long AlicePrice = 80_003;
    public const long AliceQuantityWh = 15_500;
    public const long BobPrice = 70_001;
    public const long BobQuantityWh = 9_500;
    public const long CharliePrice = 100_000;
    public const long CharlieQuantityWh = 25_000;

    /// <summary>Charlie's sandbox bank deposit, minted as WATT by the dev issuer: 5 WATT.</summary>
    public const ulong CharlieDeposit = 5_000_000;

    private static readonly string[] People = ["alice", "bob", "charlie", "dso", "issuer", "validator"];

    private readonly NonceTrackingSigner _signer;
    private readonly List<string> _refused = [];
    private ChainNode _node = null!;
    private long _time;
    private int _transactions;

    private DemoScenario() => _signer = NonceTrackingSigner.Local(account => AuthQueries.NextNonce(_node.State, account));

    public static Task<DemoSummary> RunAsync(CancellationToken ct = default) => new DemoScenario().RunInAsync(ct);

    private async Task<DemoSummary> RunInAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var root = Path.Combine(Path.GetTempPath(), "gridforge-demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var summary = await ScenarioAsync(root, ct).ConfigureAwait(false);
            return summary with { Seconds = Math.Round(clock.Elapsed.TotalSeconds, 2) };
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(root, true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task<DemoSummary> ScenarioAsync(string root, CancellationToken ct)
    {
        _time = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        _node = ChainNode.Open(root, DevChain.Genesis(_time), DevAccounts.Key("validator"));
        var checks = new List<DemoCheck>();
        DemoSummary partial;
        try
        {
            partial = await TradeAndSettleAsync(checks, ct).ConfigureAwait(false);
        }
        finally
        {
            _node.Dispose();
        }

        var report = ChainVerifier.Verify(root);
        checks.Add(new DemoCheck("chain verify re-executes every block", report.Ok, report.ToString()));
        return partial with { ChainCheck = report.ToString(), Checks = checks };
    }

    private async Task<DemoSummary> TradeAndSettleAsync(List<DemoCheck> checks, CancellationToken ct)
    {
        var chainId = _node.ChainId;
        var slotSeconds = GridModuleSlotSeconds();
        // The delivery slot starts at least 45 minutes after genesis: well before its gate closes (5 minutes before it starts).
        var slot = new SlotId((_time / slotSeconds) + 4);
        var next = new SlotId(slot.Index + 1);
        var alice = DevAccounts.AddressOf("alice");
        var bob = DevAccounts.AddressOf("bob");
        var charlie = DevAccounts.AddressOf("charlie");
        var dso = DevAccounts.AddressOf("dso");
        var alicePv = MeterKey.FromSeed(Hashing.Sha256("gridforge demo alice solar"u8).ToArray());
        var bobWind = MeterKey.FromSeed(Hashing.Sha256("gridforge demo bob wind"u8).ToArray());
        var charlieLoad = MeterKey.FromSeed(Hashing.Sha256("gridforge demo charlie load"u8).ToArray());

        // The first block dates the chain past genesis, so the issuer's reserve attestation below is newer than genesis'.
        Block();

        // The DSO registers the three meters.
        Send("dso", new RegisterMeterMessage(alicePv.Id, alice, new ZoneId(AliceZone), MeterKind.Production, MeterTechnology.Solar, AliceRatedW, new Wh(0),
            new Wh(0), "DEMO-ALICE-PV"));
        Send("dso", new RegisterMeterMessage(bobWind.Id, bob, new ZoneId(BobZone), MeterKind.Production, MeterTechnology.Wind, BobRatedW, new Wh(0), new Wh(0),
            "DEMO-BOB-WIND"));
        Send("dso", new RegisterMeterMessage(charlieLoad.Id, charlie, new ZoneId(CharlieZone), MeterKind.Consumption, MeterTechnology.Grid, CharlieRatedW,
            new Wh(0), new Wh(0), "DEMO-CHARLIE"));
        Block();

        // Charlie pays 5 into the issuer's sandbox bank account; the issuer's bridge attests its reserves and mints.
        var charlieBefore = Watt(charlie).Free;
        var bank = StablecoinEndpoints.OpenSandboxBank(_node);
        var deposit = bank.ReceiveDeposit(DevAccounts.AddressOf("issuer"), charlie, CharlieDeposit, "charlie-bank");
        var issuerKey = DevAccounts.Key("issuer");
        var bridged = await new IssuerBridge(bank, new LocalIssuerChain(_node, issuerKey, () => Block()), issuerKey).RunOnceAsync(ct).ConfigureAwait(false);
        var minted = Watt(charlie).Free - charlieBefore;
        checks.Add(new DemoCheck("the issuer minted Charlie's deposit", bridged is { Minted: 1, Deferred.Count: 0 } && minted == CharlieDeposit
            && bank.FindDeposit(deposit.Reference)?.MintedBy is not null, $"{minted} µWATT for deposit {deposit.Reference}"));

        // Alice and Bob offer; then Charlie bids, takes Bob's (cheaper with the link fee) and Alice's offers.
        Send("alice", new PlaceOrderMessage(slot, Side.Sell, OrderKind.LimitGtc, new ZoneId(AliceZone), new PricePerKwh(AlicePrice), new Wh(AliceQuantityWh)));
        Send("bob", new PlaceOrderMessage(slot, Side.Sell, OrderKind.LimitGtc, new ZoneId(BobZone), new PricePerKwh(BobPrice), new Wh(BobQuantityWh)));
        Block();
        Send("charlie",
            new PlaceOrderMessage(slot, Side.Buy, OrderKind.LimitGtc, new ZoneId(CharlieZone), new PricePerKwh(CharliePrice), new Wh(CharlieQuantityWh)));
        Block();

        // Once the slot after the delivery slot has ended, the meters' signed readings arrive (the DSO's concentrator
        // submits them; anyone may). That block is past gate closure too.
        var readings = new List<MeterReading>();
        readings.AddRange(Series(alicePv, chainId, [slot, next], AliceExportWh));
        readings.AddRange(Series(bobWind, chainId, [slot, next], BobExportWh));
        readings.Add(new SimulatedMeter(charlieLoad).Read(chainId, slot, CharlieImportWh, 0));
        Send("dso", new SubmitReadingsMessage(readings));
        Block((next.Index + 1) * slotSeconds);

        // Settlement runs in the first block once the delivery slot's metering window has closed.
        var dsoBefore = Watt(dso).Free;
        Block(MeteringQueries.WindowClosesAt(_node.State, slot));
        var dsoGained = Watt(dso).Free - dsoBefore;

        var state = _node.State;
        var generated = new[] { alicePv.Id, bobWind.Id }.Sum(m => new[] { slot, next }.Sum(s => MeteringQueries.Reading(state, m, s)?.Exported.Value ?? 0));
        var marketTrades = MarketQueries.Trades(state, slot);
        var trades = new List<DemoTrade>();
        foreach (var t in marketTrades)
        {
            var r = SettlementQueries.Result(state, slot, t.Seq);
            trades.Add(new DemoTrade(NameOf(t.Seller), NameOf(t.Buyer), t.SellZone.Name, t.BuyZone.Name, t.Quantity, t.Price, t.Fee, t.BuyerPrice,
                t.SellerPrice,
                r?.Delivered ?? 0, r?.BuyerPaid ?? 0, r?.SellerReceived ?? 0, r?.DsoReceived ?? 0));
        }

        var certificates = new List<Certificate>();
        for (ulong id = 1; SettlementQueries.Certificate(state, id) is { } c; id++)
        {
            if (c.Owner == charlie) certificates.Add(c);
        }

        var traded = trades.Sum(t => t.QuantityWh);
        var fees = trades.Aggregate(0UL, (s, t) => s + t.DsoReceived);
        checks.Add(new DemoCheck("every transaction succeeded", _refused.Count == 0, _refused.Count == 0 ? $"{_transactions} committed"
            : string.Join("; ", _refused)));
        checks.Add(new DemoCheck("the meters' readings were accepted", generated == AliceExportWh.Sum() + BobExportWh.Sum()
            && MeteringQueries.Reading(state, charlieLoad.Id, slot)?.Imported.Value == CharlieImportWh, $"{generated} Wh generated"));
        checks.Add(new DemoCheck("trades within and across zones", trades.Count == 2 && trades.Any(t => t.SellZone == t.BuyZone)
            && trades.Any(t => t.SellZone != t.BuyZone),
            $"{trades.Count} trades, {traded} Wh"));
        checks.Add(new DemoCheck("the slot settled, every trade delivered in full",
            SettlementQueries.Pending(state).Count == 0 && trades.All(t => t.DeliveredWh == t.QuantityWh),
            $"{trades.Sum(t => t.DeliveredWh)} of {traded} Wh delivered"));
        checks.Add(new DemoCheck("buyer paid = seller received + DSO fee, per trade", trades.All(t => t.BuyerPaid == t.SellerReceived + (long)t.DsoReceived),
            $"{trades.Sum(t => t.BuyerPaid)} = {trades.Sum(t => t.SellerReceived)} + {fees} µWATT"));
        checks.Add(new DemoCheck("grid fees reached the DSO", dsoGained == fees && fees > 0, $"{dsoGained} µWATT"));
        checks.Add(new DemoCheck("certificates reached Charlie", certificates.Count == trades.Count && certificates.Sum(c => c.Wh) == traded,
            $"{certificates.Count} certificates, {certificates.Sum(c => c.Wh)} Wh"));

        return new DemoSummary(slot.Index, generated, traded, trades.Count, trades, minted, trades.Sum(t => t.BuyerPaid), fees,
            certificates.Count, certificates.Sum(c => c.Wh), _node.Height, _transactions, string.Empty, checks, 0);
    }

    private long GridModuleSlotSeconds() => Runtime.Modules.Grid.GridQueries.SlotLengthSeconds(_node.State);

    /// <summary>A production meter's readings of consecutive slots, its export register running on from zero.</summary>
    private static IEnumerable<MeterReading> Series(MeterKey meter, string chainId, SlotId[] slots, long[] exported)
    {
        var device = new SimulatedMeter(meter);
        return slots.Select((slot, i) => device.Read(chainId, slot, 0, exported[i])).ToList();
    }

    private static string NameOf(Address address) => People.FirstOrDefault(n => DevAccounts.AddressOf(n) == address) ?? address.ToString();

    private Balance Watt(Address account) => TokensQueries.Balance(_node.State, account, Token.Watt);

    private void Send(string from, IMessage message)
    {
        var key = DevAccounts.Key(from);
        var fee = (ulong)TokensModule.MinFee.Get(_node.State);
        var submitted = _node.Submit(_signer.Sign(key, _node.ChainId, fee, _node.Height + 100, message));
        if (submitted.Accepted) return;
        _signer.Forget(key.Address);
        _refused.Add($"{from}: {submitted.Rejection}");
    }

    private void Block(long? at = null)
    {
        _time = Math.Max(_time + 1, at ?? 0);
        var (_, results) = _node.ProduceBlock(_time);
        _transactions += results.Count;
        foreach (var r in results.Where(r => !r.Success)) _refused.Add($"{r.TxId}: {r.Rejection}");
    }
}
