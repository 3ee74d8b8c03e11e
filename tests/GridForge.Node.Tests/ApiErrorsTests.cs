using System.Net;
using System.Text;
using System.Text.Json;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Core.Crypto;

namespace GridForge.Node.Tests;

/// <summary>One error shape (docs/api.md, "Errors"): every refusal — the node's own and those the framework would make — is an
/// RFC 9457 problem with the node's type scheme, a documented code and a detail sentence; no input reaches a 500.</summary>
public sealed class ApiErrorsTests : InProcessNodeTest
{
    private static readonly string Alice = DevAccounts.AddressOf("alice").ToString();

    /// <summary>Asserts <paramref name="response"/> is a problem with <paramref name="status"/> and <paramref name="code"/>, in full shape.</summary>
    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        var p = doc.RootElement.Clone();
        Assert.Equal(code, p.GetProperty("code").GetString());
        Assert.Equal($"https://gridforge.dev/problems/{code}", p.GetProperty("type").GetString());
        Assert.Equal((int)status, p.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("detail").GetString()), body);
        Assert.DoesNotContain("GridForge.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        return p;
    }

    [Theory]
    [InlineData("api/v1/blocks/9223372036854775808", HttpStatusCode.NotFound, "not_found")]
    [InlineData("api/v1/blocks/18446744073709551615/transactions", HttpStatusCode.NotFound, "not_found")]
    [InlineData("api/v1/blocks/18446744073709551616/events", HttpStatusCode.BadRequest, "invalid_parameter")]
    [InlineData("api/v1/blocks/-1/transactions", HttpStatusCode.BadRequest, "invalid_parameter")]
    [InlineData("api/v1/market/slots/-1/book", HttpStatusCode.BadRequest, "invalid_slot")]
    [InlineData("api/v1/market/slots/9223372036854775807/trades", HttpStatusCode.BadRequest, "invalid_slot")]
    [InlineData("api/v1/market/slots/abc/links", HttpStatusCode.BadRequest, "invalid_parameter")]
    [InlineData("api/v1/market/summary?from=-5&to=3", HttpStatusCode.BadRequest, "invalid_slot")]
    [InlineData("api/v1/market/summary?from=1", HttpStatusCode.BadRequest, "missing_parameter")]
    [InlineData("api/v1/grid?slot=-1", HttpStatusCode.BadRequest, "invalid_slot")]
    [InlineData("api/v1/meters/m/readings/-1", HttpStatusCode.BadRequest, "invalid_slot")]
    [InlineData("api/v1/contracts/-1", HttpStatusCode.BadRequest, "invalid_parameter")]
    [InlineData("api/v1/contracts?live=maybe", HttpStatusCode.BadRequest, "invalid_parameter")]
    [InlineData("api/v1/governance/proposals/18446744073709551615", HttpStatusCode.NotFound, "not_found")]
    [InlineData("api/v1/status?verbose=true", HttpStatusCode.BadRequest, "unknown_parameter")]
    [InlineData("api/v1/market/slots/5/book?slot=6", HttpStatusCode.BadRequest, "unknown_parameter")]
    [InlineData("api/v1/no-such-thing", HttpStatusCode.NotFound, "not_found")]
    public async Task BadInput_IsAProblemWithADocumentedCode_NeverA500(string path, HttpStatusCode status, string code) =>
        await AssertProblem(await _http.GetAsync(path), status, code);

    [Theory]
    [InlineData("api/v1/market/slots/5/book", "unknown_book", "slot 5 has no book")]
    [InlineData("api/v1/market/orders/18446744073709551615", "unknown_order", "no order 18446744073709551615 exists")]
    [InlineData("api/v1/contracts/18446744073709551615", "unknown_contract", "no contract 18446744073709551615 exists")]
    [InlineData("api/v1/disputes/18446744073709551615", "unknown_dispute", "no dispute has id 18446744073709551615")]
    public async Task AMissingModuleResource_Is404WithACodeNamingWhatIsMissing(string path, string code, string detail)
    {
        var p = await AssertProblem(await _http.GetAsync(path), HttpStatusCode.NotFound, code);
        Assert.Equal(detail, p.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AHugeEnergyRange_IsRefusedAsASlotOutOfRange()
    {
        var p = await AssertProblem(await _http.GetAsync($"api/v1/energy/{Alice}?from=9223372036854775800&to=9223372036854775807"),
            HttpStatusCode.BadRequest, "invalid_slot");
        Assert.Contains("from must be a slot from 0 to", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AParameterThatDoesNotParse_NamesTheParameterAndWhatItMustBe()
    {
        var p = await AssertProblem(await _http.GetAsync("api/v1/contracts/x1"), HttpStatusCode.BadRequest, "invalid_parameter");
        Assert.Equal($"id must be a whole number from 0 to {ulong.MaxValue}; \"x1\" is not", p.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AMethodThePathDoesNotAnswer_Is405WithAProblem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "api/v1/status");
        await AssertProblem(await _http.SendAsync(request), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task ABodyThatIsNotJson_Is415Or400WithAProblem()
    {
        await AssertProblem(await _http.PostAsync("api/v1/transactions", new StringContent("{\"tx\":\"00\"}", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await AssertProblem(await _http.PostAsync("api/v1/transactions", new StringContent("{\"tx\":", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "malformed");
        await AssertProblem(await _http.PostAsync("api/v1/transactions", new StringContent("{\"tx\":5}", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "malformed");
        await AssertProblem(await _http.PostAsync("api/v1/transactions", new StringContent("", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "malformed");
    }

    [Fact]
    public async Task AnOversizedBinaryBatch_Is413PayloadTooLarge_NotAJsonComplaint()
    {
        // The request line and headers only, over a socket: the node refuses on the declared length, before reading a byte of
        // the body (an HTTP client would still be sending it when the answer comes).
        var url = new Uri(_host.Url);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /api/v1/transactions/binary-batch HTTP/1.1\r\nHost: {url.Authority}\r\n" +
            $"Content-Type: application/octet-stream\r\nContent-Length: {ApiErrors.MaxBodyBytes + 1}\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        var body = answer[answer.IndexOf('{', StringComparison.Ordinal)..(answer.LastIndexOf('}') + 1)];
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("payload_too_large", doc.RootElement.GetProperty("code").GetString());
        Assert.Equal("https://gridforge.dev/problems/payload_too_large", doc.RootElement.GetProperty("type").GetString());
        Assert.DoesNotContain("JSON", doc.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATooLongRequestTarget_Is414WithAProblem() =>
        await AssertProblem(await _http.GetAsync("api/v1/status?q=" + new string('a', ApiErrors.MaxTargetLength)), HttpStatusCode.RequestUriTooLong,
            "uri_too_long");

    [Fact]
    public async Task Head_AnswersWhereGetDoes_WithItsHeadersAndNoBody()
    {
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/v1/status"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.True(head.Headers.Contains(ReadState.HeightHeader));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        using var missing = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/v1/contracts/99"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // A stream answers its headers and ends, rather than holding the connection open.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/v1/stream/blocks"), cts.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var status = await _http.GetAsync("api/v1/status", cts.Token);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task ADisputeOnANegativeSlotOrPeriod_IsAnUnknownSubject_NotAnOverflow()
    {
        var trade = await Commit("bob",
            new OpenDisputeMessage(DisputeSubject.Trade(new SlotId(-1), 0), Token.Watt, new Amount(10_000_000), new Amount(30_000), "never came"));
        Assert.Equal(DisputesCodes.UnknownTrade, trade.Code);
        var period = await Commit("bob",
            new OpenDisputeMessage(DisputeSubject.ContractPeriod(1, -1), Token.Watt, new Amount(10_000_000), new Amount(30_000), "never came"));
        Assert.Equal(DisputesCodes.UnknownContractPeriod, period.Code);
    }
}
