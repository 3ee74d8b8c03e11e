using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridForge.Chain;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Tokens;

namespace GridForge.Node.Tests;

/// <summary>The market endpoints against a real dev node in-process: orders placed as signed transactions through the
/// submit endpoint, then the book, the trades and the account views read back.</summary>
public sealed class MarketApiTests : InProcessNodeTest
{
    private static readonly SlotId Slot = new((Time / 900) + 4);
    private static readonly MeterKey Meter = MeterKey.FromSeed(Hashing.Sha256("market api test meter"u8).ToArray());
    private static readonly Address Alice = DevAccounts.AddressOf("alice");
    [Fact]
    public async Task OrdersPlacedAsTransactions_ShowInTheBookTradesAndAccountViews()
    {
        await Commit("dso", new RegisterMeterMessage(Meter.Id, Alice, new ZoneId("Z1"), MeterKind.Production, MeterTechnology.Solar, 8_000, new Wh(0),
            new Wh(0), "PV-9"));
        await Commit("alice", new PlaceOrderMessage(Slot, Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(60_000), new Wh(1_500)));
        await Commit("bob", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(70_000), new Wh(1_000)));
        await Commit("charlie", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitGtc, new ZoneId("Z2"), new PricePerKwh(50_000), new Wh(300)));

        using var book = JsonDocument.Parse(await _http.GetStringAsync($"api/v1/market/slots/{Slot.Index}/book"));
        var zones = book.RootElement.GetProperty("zones");
        var z1 = zones.EnumerateArray().First(z => z.GetProperty("zone").GetString() == "Z1");
        Assert.Equal(500, z1.GetProperty("asks")[0].GetProperty("quantity").GetInt64());
        var z2 = zones.EnumerateArray().First(z => z.GetProperty("zone").GetString() == "Z2");
        Assert.Equal(50_000, z2.GetProperty("bids")[0].GetProperty("price").GetInt64());

        using var trades = JsonDocument.Parse(await _http.GetStringAsync($"api/v1/market/slots/{Slot.Index}/trades"));
        var trade = Assert.Single(trades.RootElement.EnumerateArray());
        Assert.Equal((1_000L, 60_000L, 5_000L), (trade.GetProperty("quantity").GetInt64(), trade.GetProperty("price").GetInt64(), trade.GetProperty("fee")
            .GetInt64()));

        using var orders = JsonDocument.Parse(await _http.GetStringAsync($"api/v1/market/accounts/{Alice}/orders"));
        Assert.Equal("resting", Assert.Single(orders.RootElement.EnumerateArray()).GetProperty("status").GetString());
        using var aliceTrades = JsonDocument.Parse(await _http.GetStringAsync($"api/v1/market/accounts/{Alice}/trades"));
        Assert.Single(aliceTrades.RootElement.EnumerateArray());
        using var noBook = await _http.GetAsync($"api/v1/market/slots/{Slot.Index + 50}/book");
        Assert.Equal(HttpStatusCode.NotFound, noBook.StatusCode);
        using (var problem = JsonDocument.Parse(await noBook.Content.ReadAsStringAsync()))
        {
            Assert.Equal("unknown_book", problem.RootElement.GetProperty("code").GetString());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("api/v1/market/accounts/nonsense/orders")).StatusCode);
    }

    [Fact]
    public async Task ACrossZoneTrade_MovesTheLinksFlowRoomAndFee_AndTheSlotsSummary()
    {
        var grid = (await _http.GetFromJsonAsync<GridEndpoints.GridResponse>("api/v1/grid"))!;
        var link = Assert.Single(grid.Links);
        Assert.Equal(("Z1", "Z2"), (link.From, link.To));
        var before = (await _http.GetFromJsonAsync<MarketEndpoints.SlotLinksResponse>($"api/v1/market/slots/{Slot.Index}/links"))!;
        Assert.Equal("not_open", before.Book);
        Assert.All(before.Links, l => Assert.Equal((0L, l.Capacity, link.Fee), (l.Flow, l.Room, l.Fee)));

        await Commit("dso", new RegisterMeterMessage(Meter.Id, Alice, new ZoneId("Z1"), MeterKind.Production, MeterTechnology.Solar, 8_000, new Wh(0),
            new Wh(0), "PV-9"));
        await Commit("alice", new PlaceOrderMessage(Slot, Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(60_000), new Wh(1_500)));
        var bought = await Commit("bob", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitIoc, new ZoneId("Z2"), new PricePerKwh(80_000), new Wh(1_000)));

        var after = (await _http.GetFromJsonAsync<MarketEndpoints.SlotLinksResponse>($"api/v1/market/slots/{Slot.Index}/links"))!;
        Assert.Equal("open", after.Book);
        var forward = after.Links.Single(l => l.From == "Z1" && l.To == "Z2");
        var backward = after.Links.Single(l => l.From == "Z2" && l.To == "Z1");
        // DESIGN §6 Market rule 6: the next kWh along a loaded link pays base + floor(base × k × flow / (1000 × capacity)).
        var fee = link.Fee + (link.Fee * grid.CongestionPermille * 1_000 / (1_000 * link.CapacityForward));
        Assert.Equal((1_000L, link.CapacityForward - 1_000, fee), (forward.Flow, forward.Room, forward.Fee));
        Assert.Equal((-1_000L, link.CapacityBackward + 1_000, link.Fee), (backward.Flow, backward.Room, backward.Fee));

        using var summary = JsonDocument.Parse(await _http.GetStringAsync($"api/v1/market/summary?from={Slot.Index}&to={Slot.Index + 1}"));
        var (traded, quiet) = (summary.RootElement[0], summary.RootElement[1]);
        Assert.Equal(("open", 1, 1_000L, 60_000L, 60_000L + link.Fee), (traded.GetProperty("book").GetString(), traded.GetProperty("trades").GetInt32(),
            traded.GetProperty("volumeWh").GetInt64(), traded.GetProperty("averagePrice").GetInt64(), traded.GetProperty("averageAllIn").GetInt64()));
        Assert.Equal(("not_open", 0, JsonValueKind.Null),
            (quiet.GetProperty("book").GetString(), quiet.GetProperty("trades").GetInt32(), quiet.GetProperty("averagePrice").ValueKind));
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync($"api/v1/market/summary?from={Slot.Index}&to={Slot.Index + 192}")).StatusCode);

        var txs = (await _http.GetFromJsonAsync<List<BlockTransactionResponse>>($"api/v1/blocks/{bought.Height}/transactions"))!;
        var tx = Assert.Single(txs);
        Assert.Equal((bought.Hash, DevAccounts.AddressOf("bob").ToString(), "market.place_order", (bool?)true), (tx.Hash, tx.Sender, tx.Message, tx.Success));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/v1/blocks/9999/transactions")).StatusCode);
    }

    [Fact]
    public async Task ACancelByAStranger_IsRefusedWithItsCode()
    {
        await Commit("bob", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(70_000), new Wh(1_000)));
        var status = await Commit("alice", new CancelOrderMessage(1));
        Assert.Contains(MarketCodes.NotOwner, JsonSerializer.Serialize(status), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStream_SendsTheTradeAsItsBlockCommits()
    {
        using var stream = new HttpClient { BaseAddress = new Uri(_host.Url + "/"), Timeout = Timeout.InfiniteTimeSpan };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await stream.GetAsync("api/v1/market/stream", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        // The server subscribes to commits before it writes its first comment line.
        Assert.StartsWith(":", await reader.ReadLineAsync(cts.Token));

        await Commit("dso", new RegisterMeterMessage(Meter.Id, Alice, new ZoneId("Z1"), MeterKind.Production, MeterTechnology.Solar, 8_000, new Wh(0),
            new Wh(0), "PV-9"));
        await Commit("alice", new PlaceOrderMessage(Slot, Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(60_000), new Wh(1_500)));
        await Commit("bob", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitIoc, new ZoneId("Z1"), new PricePerKwh(70_000), new Wh(2_000)));

        var kinds = new List<string>();
        JsonElement trade = default;
        while (trade.ValueKind == JsonValueKind.Undefined && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            using var doc = JsonDocument.Parse(line["data: ".Length..]);
            var kind = doc.RootElement.GetProperty("kind").GetString()!;
            kinds.Add(kind);
            if (kind == MarketEvents.Trade) trade = doc.RootElement.Clone();
        }

        Assert.Equal([MarketEvents.OrderPlaced, MarketEvents.OrderPlaced, MarketEvents.Trade], kinds);
        var a = trade.GetProperty("attributes");
        Assert.Equal(("market", "1500", "60000", "5000", Alice.ToString(), DevAccounts.AddressOf("bob").ToString()),
            (trade.GetProperty("module").GetString(), a.GetProperty("quantity").GetString(), a.GetProperty("price").GetString(), a.GetProperty("fee")
                .GetString(),
            a.GetProperty("seller").GetString(), a.GetProperty("buyer").GetString()));
        Assert.Equal(_host.Chain.Height, trade.GetProperty("height").GetUInt64());
    }

    [Fact]
    public async Task TheStreams_SerialiseEachEventOnce_AndGiveEverySubscriberOfATopicTheSameMessages()
    {
        var streams = EventStreams.For(_host.Chain);
        Assert.Same(streams, EventStreams.For(_host.Chain));
        var first = streams.Subscribe(EventStreams.Topic.Market, 16, out var leaveFirst);
        var second = streams.Subscribe(EventStreams.Topic.Market, 16, out var leaveSecond);
        var blocks = streams.Subscribe(EventStreams.Topic.Block, 16, out var leaveBlocks);
        try
        {
            await Commit("dso", new RegisterMeterMessage(Meter.Id, Alice, new ZoneId("Z1"), MeterKind.Production, MeterTechnology.Solar, 8_000, new Wh(0),
                new Wh(0), "PV-9"));
            await Commit("alice", new PlaceOrderMessage(Slot, Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(60_000), new Wh(1_500)));

            // A block's messages are sent when it is committed, a moment after its state is published.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var a = await first.ReadAsync(cts.Token);
            var b = await second.ReadAsync(cts.Token);
            // One string for both subscribers: the event was serialised once, not once per subscriber.
            Assert.Same(a, b);
            Assert.Contains($"\"kind\":\"{MarketEvents.OrderPlaced}\"", a, StringComparison.Ordinal);
            // The block stream carries every block; the market stream nothing of the meter's registration.
            Assert.Contains("\"header\"", await blocks.ReadAsync(cts.Token), StringComparison.Ordinal);
        }
        finally
        {
            leaveFirst();
            leaveSecond();
            leaveBlocks();
        }

        Assert.Equal(0, streams.SubscriberCount(EventStreams.Topic.Market));
    }

    [Fact]
    public async Task ASubscriberThatDoesNotRead_LosesItsOldestMessages_AndHoldsUpNoOne()
    {
        var streams = EventStreams.For(_host.Chain);
        var stalled = streams.Subscribe(EventStreams.Topic.Block, 2, out var leaveStalled);
        var reading = streams.Subscribe(EventStreams.Topic.Block, 16, out var leaveReading);
        try
        {
            var heights = new List<ulong>();
            for (var i = 0; i < 4; i++)
            {
                await Commit("dso", new RegisterMeterMessage(MeterKey.FromSeed(Hashing.Sha256([(byte)i]).ToArray()).Id, Alice, new ZoneId("Z1"),
                    MeterKind.Production, MeterTechnology.Solar, 8_000, new Wh(0), new Wh(0), $"PV-{i}"));
                heights.Add(_host.Chain.Height);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var got = new List<ulong>();
            while (!got.Contains(heights[^1])) got.Add(Height(await reading.ReadAsync(cts.Token)));
            var kept = new List<ulong>();
            while (stalled.TryRead(out var m)) kept.Add(Height(m));

            // The reader got every block; the stalled one kept only its last two (newer ones may have come since).
            Assert.Subset(got.ToHashSet(), heights.ToHashSet());
            Assert.Equal(2, kept.Count);
            Assert.Equal(kept[0] + 1, kept[1]);
            Assert.True(kept[1] >= heights[^1], $"kept {string.Join(", ", kept)} of {string.Join(", ", heights)}");
        }
        finally
        {
            leaveStalled();
            leaveReading();
        }
    }

    private static ulong Height(string blockMessage) =>
        JsonDocument.Parse(blockMessage).RootElement.GetProperty("header").GetProperty("height").GetUInt64();

    [Fact]
    public async Task AmendAndCancel_AsTransactions_ChangeTheOrderAndItsEscrowAsTheApiShows()
    {
        var bob = DevAccounts.AddressOf("bob");
        await Commit("bob", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(70_000), new Wh(1_000)));
        Assert.Equal(70_000UL, (await _http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{bob}"))!.Watt.Reserved);

        var repriced = await Commit("bob", new AmendOrderMessage(1, new PricePerKwh(50_000), null));
        Assert.True(repriced.Success, JsonSerializer.Serialize(repriced));
        Assert.Contains("\"requeued\":\"True\"", repriced.Events!.Value.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.True((await Commit("bob", new AmendOrderMessage(1, null, new Wh(400)))).Success);
        var order = await Get("api/v1/market/orders/1");
        Assert.Equal((50_000L, 400L, 20_000UL, "resting"), (order.GetProperty("price").GetInt64(), order.GetProperty("remaining").GetInt64(),
            order.GetProperty("escrow").GetUInt64(), order.GetProperty("status").GetString()));
        Assert.Equal(20_000UL, (await _http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{bob}"))!.Watt.Reserved);
        var book = await Get($"api/v1/market/slots/{Slot.Index}/book");
        var z1 = book.GetProperty("zones").EnumerateArray().First(z => z.GetProperty("zone").GetString() == "Z1");
        Assert.Equal((50_000L, 400L), (z1.GetProperty("bids")[0].GetProperty("price").GetInt64(), z1.GetProperty("bids")[0].GetProperty("quantity")
            .GetInt64()));

        Assert.Contains(MarketCodes.NotOwner, JsonSerializer.Serialize(await Commit("alice", new AmendOrderMessage(1, new PricePerKwh(1), null))),
            StringComparison.Ordinal);
        Assert.True((await Commit("bob", new CancelOrderMessage(1))).Success);
        order = await Get("api/v1/market/orders/1");
        Assert.Equal((0UL, "cancelled", "user"), (order.GetProperty("escrow").GetUInt64(), order.GetProperty("status").GetString(), order.GetProperty("reason")
            .GetString()));
        Assert.Equal(0UL, (await _http.GetFromJsonAsync<AccountResponse>($"api/v1/accounts/{bob}"))!.Watt.Reserved);
        Assert.Equal(0, (await Get($"api/v1/market/slots/{Slot.Index}/book")).GetProperty("resting").GetInt64());
        Assert.Contains(MarketCodes.NotResting, JsonSerializer.Serialize(await Commit("bob", new CancelOrderMessage(1))), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/v1/market/orders/99")).StatusCode);
    }

    [Fact]
    public async Task ASettledSlot_ShowsItsSettlementCertificatesAndTheSellersDebt_AndTheViewsFollowTransferRetireAndPayment()
    {
        // A seller with almost no WATT: the penalty for what it does not deliver exceeds what it has, so the rest becomes debt.
        using var seller = SigningKey.FromSeed(Hashing.Sha256("market api test seller"u8).ToArray());
        var bob = DevAccounts.AddressOf("bob");
        var charlie = DevAccounts.AddressOf("charlie");
        await Commit("alice", new TransferMessage(seller.Address, Token.Watt, new Amount(300)));
        await Commit("dso", new RegisterMeterMessage(Meter.Id, seller.Address, new ZoneId("Z1"), MeterKind.Production, MeterTechnology.Solar, 8_000, new Wh(0),
            new Wh(0), "PV-9"));
        Assert.True((await Commit(seller, new PlaceOrderMessage(Slot, Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(60_000),
            new Wh(1_000)))).Success);
        Assert.True((await Commit("bob", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(70_000),
            new Wh(1_000)))).Success);

        // The meter exported 600 of the 1,000 Wh sold; the reading arrives once the slot has ended, and settlement waits for its window to close.
        var slotEnd = (Slot.Index + 1) * 900;
        var reading = Meter.Sign(DevChain.ChainId, Slot, new Wh(0), new Wh(600), new Wh(0), new Wh(600));
        Assert.True((await Commit(DevAccounts.Key("dso"), new SubmitReadingsMessage([reading]), slotEnd)).Success);
        Assert.Equal(JsonValueKind.Null, (await Get($"api/v1/market/slots/{Slot.Index}/trades"))[0].GetProperty("settlement").ValueKind);
        _time = MeteringQueries.WindowClosesAt(_host.Chain.State, Slot);
        _host.Chain.ProduceBlock(_time);

        // Buyer price 65,000 (resting sell + local fee 5,000): pays ceil(600 × 65) = 39,000 of its 65,000 escrow; the seller gets 36,000,
        // the DSO 3,000; 400 Wh short × 100,000 µWATT/kWh = 40,000 penalty, of which the seller's 200 + 36,000 are paid and 3,800 owed.
        var settlement = (await Get($"api/v1/market/slots/{Slot.Index}/trades"))[0].GetProperty("settlement");
        long L(string name) => settlement.GetProperty(name).GetInt64();
        Assert.Equal((600L, 39_000L, 36_000L, 3_000L, 26_000L, 40_000L, 36_200L, 3_800L, 600L),
            (L("delivered"), L("buyerPaid"), L("sellerReceived"), L("dsoReceived"), L("buyerReleased"), L("penalty"), L("penaltyPaid"), L("debtAdded"),
                L("certifiedWh")));
        // Domain values read as people read them: addresses as grid1…, the slot as its number.
        Assert.Equal(seller.Address.ToString(), settlement.GetProperty("seller").GetString());
        Assert.Equal(bob.ToString(), settlement.GetProperty("buyer").GetString());
        Assert.Equal(Slot.Index, settlement.GetProperty("slot").GetInt64());
        var sellerResults = await Get($"api/v1/market/accounts/{seller.Address}/settlements");
        Assert.Equal(600L, Assert.Single(sellerResults.EnumerateArray()).GetProperty("delivered").GetInt64());
        Assert.Single((await Get($"api/v1/market/accounts/{bob}/settlements")).EnumerateArray());
        Assert.Equal(3_800UL, (await Get($"api/v1/market/accounts/{seller.Address}/debt")).GetProperty("debt").GetUInt64());

        var certificate = Assert.Single((await Get($"api/v1/market/accounts/{bob}/certificates")).EnumerateArray());
        Assert.Equal((600L, 0L, "solar", "Z1", Slot.Index, Meter.Id.ToString()),
            (certificate.GetProperty("wh").GetInt64(), certificate.GetProperty("retired").GetInt64(),
            certificate.GetProperty("technology").GetString(), certificate.GetProperty("zone").GetString(), certificate.GetProperty("slot").GetInt64(),
                certificate.GetProperty("meter").GetString()));
        var id = certificate.GetProperty("id").GetUInt64();

        Assert.True((await Commit("bob", new TransferCertificateMessage(id, charlie, new Wh(200)))).Success);
        Assert.True((await Commit("bob", new RetireCertificateMessage(id, new Wh(100)))).Success);
        Assert.Contains(SettlementCodes.NotOwner, JsonSerializer.Serialize(await Commit("alice", new RetireCertificateMessage(id, new Wh(1)))),
            StringComparison.Ordinal);
        var mine = Assert.Single((await Get($"api/v1/market/accounts/{bob}/certificates")).EnumerateArray());
        Assert.Equal((300L, 100L), (mine.GetProperty("wh").GetInt64(), mine.GetProperty("retired").GetInt64()));
        var split = Assert.Single((await Get($"api/v1/market/accounts/{charlie}/certificates")).EnumerateArray());
        Assert.Equal((200L, id), (split.GetProperty("wh").GetInt64(), split.GetProperty("origin").GetUInt64()));

        // The debt blocks new sell orders until it is paid.
        await Commit("alice", new TransferMessage(seller.Address, Token.Watt, new Amount(10_000)));
        Assert.Contains(MarketCodes.DebtOutstanding, JsonSerializer.Serialize(
            await Commit(seller, new PlaceOrderMessage(new SlotId(Slot.Index + 40), Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(60_000),
                new Wh(100)))),
                StringComparison.Ordinal);
        Assert.True((await Commit(seller, new PayDebtMessage(new Amount(5_000)))).Success);
        Assert.Equal(0UL, (await Get($"api/v1/market/accounts/{seller.Address}/debt")).GetProperty("debt").GetUInt64());
        Assert.Contains(SettlementCodes.NoDebt, JsonSerializer.Serialize(await Commit(seller, new PayDebtMessage(new Amount(1)))), StringComparison.Ordinal);
    }
}
