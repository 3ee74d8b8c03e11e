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
using GridForge.Runtime.Transactions;
using ZoneId = GridForge.Core.Primitives.ZoneId;

namespace GridForge.Node.Tests;

/// <summary>The market endpoints against a real dev node in-process: orders placed as signed transactions through the
/// submit endpoint, then the book, the trades and the account views read back.</summary>
public sealed class MarketApiTests : IAsyncLifetime
{
    private const long Time = 1_800_000_000;
    private static readonly SlotId Slot = new((Time / 900) + 4);
    private static readonly MeterKey Meter = MeterKey.FromSeed(Hashing.Sha256("market api test meter"u8).ToArray());
    private static readonly Address Alice = DevAccounts.AddressOf("alice");
    private readonly string _data = Path.Combine(Path.GetTempPath(), "gridforge-market-api-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, ulong> _nonces = [];
    private NodeHost _host = null!;
    private HttpClient _http = null!;
    private long _time = Time;

    public async Task InitializeAsync()
    {
        var chain = ChainNode.Open(_data, DevChain.Genesis(Time), DevAccounts.Key("validator"));
        _host = await NodeHost.StartAsync(chain, "http://127.0.0.1:0", produceBlocks: false);
        _http = new HttpClient { BaseAddress = new Uri(_host.Url + "/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_data, true);
    }

    private async Task<TxStatusResponse> Commit(string from, IMessage message)
    {
        var nonce = _nonces.GetValueOrDefault(from);
        _nonces[from] = nonce + 1;
        var tx = Transaction.Sign(DevAccounts.Key(from), DevChain.ChainId, nonce, 100, 1_000, message);
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsJsonAsync("api/v1/transactions", new SubmitRequest(Convert.ToHexStringLower(tx.Encoded)))).StatusCode);
        _host.Chain.ProduceBlock(++_time);
        return (await _http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{tx.Id}"))!;
    }

    [Fact]
    public async Task OrdersPlacedAsTransactions_ShowInTheBookTradesAndAccountViews()
    {
        await Commit("dso", new RegisterMeterMessage(Meter.Id, Alice, new ZoneId("Z1"), MeterKind.Production, MeterTechnology.Solar, 8_000, new Wh(0), new Wh(0), "PV-9"));
        await Commit("alice", new PlaceOrderMessage(Slot, Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"), 60_000, 1_500));
        await Commit("bob", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitGtc, new ZoneId("Z1"), 70_000, 1_000));
        await Commit("charlie", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitGtc, new ZoneId("Z2"), 50_000, 300));

        using var book = JsonDocument.Parse(await _http.GetStringAsync($"api/v1/market/slots/{Slot.Index}/book"));
        var zones = book.RootElement.GetProperty("zones");
        var z1 = zones.EnumerateArray().First(z => z.GetProperty("zone").GetString() == "Z1");
        Assert.Equal(500, z1.GetProperty("asks")[0].GetProperty("quantity").GetInt64());
        var z2 = zones.EnumerateArray().First(z => z.GetProperty("zone").GetString() == "Z2");
        Assert.Equal(50_000, z2.GetProperty("bids")[0].GetProperty("price").GetInt64());

        using var trades = JsonDocument.Parse(await _http.GetStringAsync($"api/v1/market/slots/{Slot.Index}/trades"));
        var trade = Assert.Single(trades.RootElement.EnumerateArray());
        Assert.Equal((1_000L, 60_000L, 5_000L), (trade.GetProperty("quantity").GetInt64(), trade.GetProperty("price").GetInt64(), trade.GetProperty("fee").GetInt64()));

        using var orders = JsonDocument.Parse(await _http.GetStringAsync($"api/v1/market/accounts/{Alice}/orders"));
        Assert.Equal("resting", Assert.Single(orders.RootElement.EnumerateArray()).GetProperty("status").GetString());
        using var aliceTrades = JsonDocument.Parse(await _http.GetStringAsync($"api/v1/market/accounts/{Alice}/trades"));
        Assert.Single(aliceTrades.RootElement.EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"api/v1/market/slots/{Slot.Index + 50}/book")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("api/v1/market/accounts/nonsense/orders")).StatusCode);
    }

    [Fact]
    public async Task ACancelByAStranger_IsRefusedWithItsCode()
    {
        await Commit("bob", new PlaceOrderMessage(Slot, Side.Buy, OrderKind.LimitGtc, new ZoneId("Z1"), 70_000, 1_000));
        var status = await Commit("alice", new CancelOrderMessage(1));
        Assert.Contains(MarketCodes.NotOwner, JsonSerializer.Serialize(status), StringComparison.Ordinal);
    }
}
