using System.Collections.Concurrent;
using System.Net.Http.Json;
using GridForge.Chain.Storage;
using GridForge.Chain.Verification;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Node.Api;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Tests;

/// <summary>Issue 13, item 6 (DESIGN §5 and §11): a dev node under mixed load — orders, meter readings, contracts, redemptions,
/// transfers — is killed with SIGKILL at random moments, again and again. After each restart every transaction ever reported
/// committed is there at the height it was reported at, nothing a client was shown is taken back (every answer is checked,
/// offline, against the state of the height it named), and the chain verifies.</summary>
public sealed class MixedLoadCrashTests
{
    private const string ChainId = "gridforge-dev";
    private static readonly string[] Senders = ["alice", "bob", "charlie", "dso"];
    private static readonly MeterKey Meter = MeterKey.FromSeed(Hashing.Domain("gridforge crash-test meter", "alice-pv"u8).ToArray());

    /// <summary>What the API showed: the account's nonce and WATT, an order's status and remainder, a redemption's status — each
    /// with the height the answer named.</summary>
    private sealed record Shown(ulong Height, string What, string Value);

    private sealed class Load(NodeProcess node, ConcurrentDictionary<string, ulong> committed, ConcurrentBag<Shown> shown)
    {
        private readonly Dictionary<string, ulong> _nonces = [];

        /// <summary>Set by the test just before it kills the node: from then on a failed request is the crash, not a fault.</summary>
        public volatile bool Killed;

        /// <summary>What stopped the load before the node was killed, if anything did.</summary>
        public Exception? Error { get; private set; }
        private readonly Random _random = new(Environment.TickCount);
        private long _exportRegister;

        public async Task RunAsync(CancellationToken stop)
        {
            try
            {
                foreach (var name in Senders) _nonces[name] = (await Account(name, stop)).Nonce;
                using var found = await node.Http.GetAsync($"api/v1/meters/{Meter.Id}", stop);
                var meter = found.IsSuccessStatusCode ? await found.Content.ReadFromJsonAsync<MeteringEndpoints.MeterResponse>(stop) : null;
                _exportRegister = meter?.ExportRegister ?? 0;
                var pending = new List<(string Hash, string Sender, string Kind)>();
                while (!stop.IsCancellationRequested)
                {
                    var status = (await node.Http.GetFromJsonAsync<StatusResponse>("api/v1/status", stop))!;
                    var slot = (status.LatestTime ?? 0) / 900;
                    var batch = new List<(Transaction Tx, string Sender, string Kind)>();
                    if (meter is null) batch.Add((Sign("dso",
                        new RegisterMeterMessage(Meter.Id, DevAccounts.AddressOf("alice"), new ZoneId("Z1"), MeterKind.Production,
                        MeterTechnology.Solar, 100_000, new Wh(0), new Wh(0), "crash")), "dso", "meter"));
                    meter ??= new MeteringEndpoints.MeterResponse(Meter.Id.ToString(), "", "Z1", "production", "solar", 100_000, "active", "", null, 0, 0);
                    batch.Add((Sign("alice", new PlaceOrderMessage(new SlotId(slot + 3), Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"),
                        new PricePerKwh(40_000 + _random.Next(20_000)), new Wh(100 + _random.Next(400)))), "alice", "order"));
                    batch.Add((Sign("bob", new PlaceOrderMessage(new SlotId(slot + 3), Side.Buy, OrderKind.LimitGtc, new ZoneId("Z1"),
                        new PricePerKwh(50_000 + _random.Next(40_000)), new Wh(100 + _random.Next(400)))), "bob", "order"));
                    batch.Add((Sign("charlie", new RedeemMessage(DevAccounts.AddressOf("issuer"), new Amount(1_000 + (ulong)_random.Next(1_000)),
                        $"IBAN-{_random.Next(1000)}")), "charlie", "redemption"));
                    if (_random.Next(4) == 0)
                    {
                        batch.Add((Sign("alice", new CreateContractMessage(ContractTemplate.Residential, Address.None, new SlotId(slot + 4),
                            new SlotId(slot + 40), 0, Amount.Zero,
                            new ResidentialTerms(new ZoneId("Z1"), Wh.Zero, new PricePerKwh(50_000), new Wh(1_000), new PricePerKwh(90_000), 0, false, [],
                                []))),
                            "alice", "contract"));
                    }

                    // A reading of the slot that just ended, its registers following the meter's (a lost reading is just refused).
                    var exported = (long)_random.Next(500);
                    var reading = Meter.Sign(ChainId, new SlotId(slot - 1), new Wh(0), new Wh(exported), new Wh(0), new Wh(_exportRegister + exported));
                    batch.Add((Sign("dso", new SubmitReadingsMessage([reading])), "dso", "reading"));
                    _exportRegister += exported;
                    batch.Add((Sign("bob", new TransferMessage(DevAccounts.AddressOf("charlie"), Token.Watt, new Amount(1))), "bob", "transfer"));

                    var response = await node.Http.PostAsJsonAsync("api/v1/transactions/batch",
                        new SubmitBatchRequest([.. batch.Select(b => Convert.ToHexStringLower(b.Tx.Encoded))]), stop);
                    response.EnsureSuccessStatusCode();
                    pending.AddRange(batch.Select(b => (b.Tx.Id.ToString(), b.Sender, b.Kind)));
                    foreach (var p in pending.ToList())
                    {
                        var s = await node.Http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{p.Hash}", stop);
                        if (s!.Status != "committed") continue;
                        committed[p.Hash] = s.Height!.Value;
                        pending.Remove(p);
                        await Observe(p.Sender, p.Kind, s, stop);
                    }

                    await Task.Delay(100, stop);
                }
            }
            catch (Exception e) when (Killed && e is OperationCanceledException or HttpRequestException or IOException)
            {
                // The node was killed mid-request: what was reported before is what counts.
            }
            catch (Exception e) when (!Killed)
            {
                Error = e;
            }
        }

        private Transaction Sign(string from, IMessage message)
        {
            var nonce = _nonces[from]++;
            return Transaction.Sign(DevAccounts.Key(from), ChainId, nonce, 100, ulong.MaxValue, message);
        }

        private async Task<AccountResponse> Account(string name, CancellationToken ct) =>
            (await node.Http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{DevAccounts.AddressOf(name)}", ct))!;

        /// <summary>Records what the API shows after a commit: the sender's account, and the order or redemption the transaction made.</summary>
        private async Task Observe(string sender, string kind, TxStatusResponse status, CancellationToken ct)
        {
            var account = await Account(sender, ct);
            shown.Add(new Shown(account.Height, $"account {sender}", $"{account.Nonce}/{account.Watt.Free}/{account.Watt.Reserved}"));
            if (status.Events is not { } events) return;
            foreach (var e in EventJson.Read(events.GetRawText())!.Select(e => e.Decode()))
            {
                if (e is OrderPlaced placed)
                {
                    var id = placed.Order;
                    using var r = await node.Http.GetAsync($"api/v1/market/orders/{id}", ct);
                    var order = (await r.Content.ReadFromJsonAsync<MarketEndpoints.OrderResponse>(ct))!;
                    shown.Add(new Shown(Height(r), $"order {id}", $"{order.Status}/{order.Remaining}/{order.Escrow}"));
                }
                else if (e is WattRedeemed redeemed)
                {
                    var id = redeemed.Id;
                    using var r = await node.Http.GetAsync($"api/v1/watt/redemptions/{id}", ct);
                    var redemption = (await r.Content.ReadFromJsonAsync<WattRedemptionResponse>(ct))!;
                    shown.Add(new Shown(Height(r), $"redemption {id}", $"{redemption.Status}/{redemption.Amount}/{redemption.PayoutReference}"));
                }
            }
        }

        private static ulong Height(HttpResponseMessage r) =>
            ulong.Parse(r.Headers.GetValues(ReadState.HeightHeader).Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task SigkillAtRandomMomentsUnderMixedLoad_LosesNoReportedCommit_TakesBackNothingShown_AndTheChainVerifies()
    {
        var data = CliRunner.TempDir();
        var committed = new ConcurrentDictionary<string, ulong>();
        var shown = new ConcurrentBag<Shown>();
        var random = new Random(Environment.TickCount);
        for (var round = 0; round < 4; round++)
        {
            using var node = await NodeProcess.StartAsync(data);
            // Every transaction reported committed before any earlier crash is still there, at the same height.
            foreach (var (hash, height) in committed)
            {
                var s = await node.Http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{hash}");
                Assert.True(s!.Status == "committed" && s.Height == height,
                    $"round {round}: {hash} was reported committed at {height}, now {s.Status} {s.Height}");
            }

            using var stop = new CancellationTokenSource();
            var load = new Load(node, committed, shown);
            var running = load.RunAsync(stop.Token);
            await Task.Delay(TimeSpan.FromMilliseconds(3_000 + random.Next(5_000)));
            load.Killed = true;
            node.Kill();
            await stop.CancelAsync();
            await running;
            Assert.Null(load.Error);
        }

        Assert.True(committed.Count >= 60, $"only {committed.Count} transactions were committed under load");
        Assert.Contains(shown, s => s.What.StartsWith("order", StringComparison.Ordinal));
        Assert.Contains(shown, s => s.What.StartsWith("redemption", StringComparison.Ordinal));
        Assert.Equal(new VerifyReport(true, ChainVerifier.Verify(data).Height, null), ChainVerifier.Verify(data));
        AssertNothingShownWasTakenBack(data, [.. shown]);
        Directory.Delete(data, true);
    }

    /// <summary>Replays the chain from genesis and checks, at each height some answer named, that the state of that height says
    /// what the answer said.</summary>
    private static void AssertNothingShownWasTakenBack(string data, IReadOnlyList<Shown> shown)
    {
        using var store = BlockStore.Open(data, readOnly: true);
        var genesis = GenesisDocument.Parse(store.GetMeta("genesis")!);
        var runtime = new ChainRuntime(genesis.ChainId, ChainRuntime.StandardModules());
        var state = runtime.GenesisState(genesis);
        var byHeight = shown.GroupBy(s => s.Height).ToDictionary(g => g.Key, g => g.ToList());
        Assert.True(byHeight.Keys.Max() <= store.Height, $"an answer named height {byHeight.Keys.Max()}, the chain has {store.Height}");
        for (ulong height = 1; height <= store.Height; height++)
        {
            var block = store.GetBlock(height, runtime.Registry)!;
            var info = new BlockInfo(genesis.ChainId, height, block.Header.Time, block.Header.Proposer);
            BlockExecutor.Execute(runtime, state, info, block.Evidence, block.Transactions, int.MaxValue).CommitTo(state);
            foreach (var s in byHeight.GetValueOrDefault(height) ?? [])
            {
                var parts = s.What.Split(' ');
                var actual = parts[0] switch
                {
                    "account" => Account(state, parts[1]),
                    "order" => MarketQueries.Order(state, ulong.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)) is { } o
                        ? $"{o.Status.Name()}/{o.Remaining}/{o.Escrow}" : "none",
                    _ => StablecoinQueries.Redemption(state, ulong.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)) is { } r
                        ? $"{(r.Status == RedemptionStatus.Paid ? "paid" : "pending")}/{r.Amount}/{r.PayoutReference}" : "none",
                };
                Assert.True(actual == s.Value, $"at height {height} the API showed {s.What} as {s.Value}; the chain has {actual}");
            }
        }
    }

    private static string Account(IState state, string name)
    {
        var a = DevAccounts.AddressOf(name);
        var watt = TokensModule.GetBalance(state, a, Token.Watt);
        return $"{AuthQueries.NextNonce(state, a)}/{watt.Free}/{watt.Reserved}";
    }
}
