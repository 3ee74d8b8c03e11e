using System.Net;
using System.Net.Http.Json;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Node.Api;
using GridForge.Chain;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Tests;

/// <summary><c>POST /api/v1/transactions/simulate</c>: what a transaction would do in the next block on the latest durable state,
/// with nothing kept — the refusals a user would otherwise pay a fee to learn (a past slot, an offer over the meter's capacity, an
/// unknown id) are told before anything is submitted.</summary>
public sealed class SimulateApiTests : InProcessNodeTest
{
    private static readonly SlotId Slot = new((Time / 900) + 4);
    private static readonly Address Alice = DevAccounts.AddressOf("alice");

    private async Task<SimulateResponse> Simulate(Transaction tx, bool? unsigned = null)
    {
        var response = await _http.PostAsJsonAsync("api/v1/transactions/simulate", new SimulateRequest(Convert.ToHexStringLower(tx.Encoded), unsigned));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SimulateResponse>())!;
    }

    private static Transaction Signed(string from, ulong nonce, IMessage message) =>
        Transaction.Sign(DevAccounts.Key(from), DevChain.ChainId, nonce, 100, 10_000, message);

    private async Task<(ulong Nonce, ulong FreeWatt)> Account(string name)
    {
        var a = await Get($"api/v1/accounts/{DevAccounts.AddressOf(name)}");
        return (a.GetProperty("nonce").GetUInt64(), a.GetProperty("watt").GetProperty("free").GetUInt64());
    }

    [Fact]
    public async Task ASuccessfulTransfer_AnswersItsEventsAndFee_AndKeepsNothing()
    {
        var before = await Account("alice");
        var tx = Signed("alice", 0, new TransferMessage(DevAccounts.AddressOf("bob"), Token.Watt, new Amount(1_000_000)));
        var result = await Simulate(tx);
        Assert.True(result.Included && result.Success && result.Signed, result.Message);
        Assert.Equal((100UL, tx.Id.ToString(), 0UL), (result.Fee, result.Hash, result.Height));
        Assert.Equal("transfer", result.Events[0].GetProperty("kind").GetString());

        Assert.Equal(before, await Account("alice"));
        Assert.Equal(0, (await Get("api/v1/status")).GetProperty("mempoolSize").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"api/v1/transactions/{tx.Id}")).StatusCode);
    }

    [Fact]
    public async Task APastSlot_AnOverCapacityOffer_AndAnUnknownOrder_AreRefusedBeforeAnyFee()
    {
        var meter = MeterKey.FromSeed(Hashing.Sha256("simulate api test meter"u8).ToArray());
        await Commit("dso", new RegisterMeterMessage(meter.Id, Alice, new ZoneId("Z1"), MeterKind.Production, MeterTechnology.Solar, 5_000, new Wh(0),
            new Wh(0), "PV-5"));
        var before = await Account("alice");

        var past = await Simulate(Signed("alice", 0, new PlaceOrderMessage(new SlotId(Slot.Index - 10), Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"),
            new PricePerKwh(60_000), new Wh(1_000))));
        Assert.Equal((true, false, MarketCodes.SlotClosed), (past.Included, past.Success, past.Code));
        Assert.Contains("closed", past.Message, StringComparison.Ordinal);

        // 5 kW for a quarter of an hour is 1,250 Wh: an offer of 1,500 is more than the meter can produce.
        var over = await Simulate(Signed("alice", 0, new PlaceOrderMessage(Slot, Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(60_000),
            new Wh(1_500))));
        Assert.Equal((false, MarketCodes.OverCapacity), (over.Success, over.Code));

        var unknown = await Simulate(Signed("alice", 0, new CancelOrderMessage(999)));
        Assert.Equal((false, MarketCodes.UnknownOrder), (unknown.Success, unknown.Code));

        var fits = await Simulate(Signed("alice", 0, new PlaceOrderMessage(Slot, Side.Sell, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(60_000),
            new Wh(1_250))));
        Assert.True(fits.Success, fits.Message);
        Assert.Contains(fits.Events.EnumerateArray(), e => e.GetProperty("kind").GetString() == "order_placed");

        // Nothing was kept: no fee, no nonce, no order.
        Assert.Equal(before, await Account("alice"));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("api/v1/market/orders/1")).StatusCode);
    }

    [Fact]
    public async Task ChecksBeforeInclusion_AnswerNotIncludedAndNoFee_AndUnsignedSkipsOnlyTheSignature()
    {
        Assert.True((await Commit("alice", new TransferMessage(Alice, Token.Watt, new Amount(1)))).Success);
        var again = await Simulate(Signed("alice", 0, new TransferMessage(Alice, Token.Watt, new Amount(1))));
        Assert.Equal((false, false, "nonce_replayed", 0UL), (again.Included, again.Success, again.Code, again.Fee));

        // A nonce ahead (earlier transactions still in the mempool) runs as if its turn had come.
        Assert.True((await Simulate(Signed("alice", 5, new TransferMessage(Alice, Token.Watt, new Amount(1))))).Success);

        var unsigned = Transaction.Unsigned(DevChain.ChainId, DevAccounts.AddressOf("bob"), 0, 100, 10_000,
            new TransferMessage(Alice, Token.Watt, new Amount(1)));
        var checkedSignature = await Simulate(unsigned);
        Assert.Equal((false, "bad_signature"), (checkedSignature.Included, checkedSignature.Code));
        var asked = await Simulate(unsigned, unsigned: true);
        Assert.Equal((true, true, false), (asked.Included, asked.Success, asked.Signed));
    }

    [Fact]
    public async Task BytesThatAreNotATransaction_AreAProblem()
    {
        var response = await _http.PostAsJsonAsync("api/v1/transactions/simulate", new SimulateRequest("00ff", null));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unsupported_version", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
