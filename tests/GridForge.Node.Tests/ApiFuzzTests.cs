using System.Text;
using System.Text.Json;
using GridForge.Core.Crypto;

namespace GridForge.Node.Tests;

/// <summary>Every route the OpenAPI document lists, with random and extreme values in each route and query parameter and in the
/// body: no answer is a 500, every refusal is a problem in the documented shape, every success has a status the document lists, and every
/// answer whose status the document lists matches the schema it gives (ResponseSchemas).</summary>
public sealed class ApiFuzzTests : InProcessNodeTest
{
    // Not "%00": Kestrel itself refuses a NUL in the path with a bare 400 before any of the node's code runs (docs/api.md, "Errors").
    private static readonly string[] Extremes =
    [
        "0", "1", "-1", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "1e3", "0x10", "latest", "true", "abc", "%E2%82%AC", "%FF", new string('9', 400), new string('z', 2_000),
        DevAccounts.AddressOf("alice").ToString(), "grid1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", new string('a', 64), "Z1", "1:2",
    ];

    private static readonly string[] Bodies = ["", "{}", "null", "[]", "{\"tx\":\"00\"}", "{\"txs\":[]}", "{\"tx\":5}", "{\"amount\":\"1\"}", "\u0000\u0001",
        "{\"a\":" + new string('[', 5_000)];

    [Fact]
    public async Task EveryRouteWithRandomAndExtremeParameters_AnswersNo500_AndEveryDocumentedStatusMatchesItsSchema()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("api/v1/openapi.json"));
        var schemas = await ResponseSchemas.LoadAsync(_http);
        var random = new Random(14);
        var requests = 0;
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            // A stream never ends on its own; HEAD on it is checked in ApiErrorsTests.
            if (path.Name.Contains("stream", StringComparison.Ordinal)) continue;
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var query = operation.Value.TryGetProperty("parameters", out var ps)
                    ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList()
                    : [];
                for (var round = 0; round < Extremes.Length + 8; round++)
                {
                    string Pick() => round < Extremes.Length ? Extremes[(round + random.Next(3)) % Extremes.Length] : RandomText(random);
                    var url = System.Text.RegularExpressions.Regex.Replace(path.Name, @"\{[^}]+\}", _ => Pick()).TrimStart('/');
                    var parameters = query.Where(_ => random.Next(3) > 0).Select(q => $"{q}={Pick()}").ToList();
                    if (round % 5 == 4) parameters.Add($"{RandomText(random)}=1");
                    if (parameters.Count > 0) url += "?" + string.Join('&', parameters);
                    using var request = new HttpRequestMessage(method, url);
                    if (method == HttpMethod.Post)
                    {
                        request.Content = new StringContent(Bodies[round % Bodies.Length], Encoding.UTF8, round % 7 == 6 ? "text/plain" : "application/json");
                    }

                    using var response = await _http.SendAsync(request);
                    requests++;
                    await AssertShape(response, $"{method} {url}", schemas, method.Method, path.Name);
                }
            }
        }

        Assert.True(requests > 500, $"only {requests} requests: the OpenAPI document lists too few routes");
    }

    private static async Task AssertShape(HttpResponseMessage response, string what, ResponseSchemas schemas, string method, string template)
    {
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode) Assert.True(schemas.Documents(method, template, status),
            $"{what} → {status}, a status the document does not list: {body}");
        if (schemas.Documents(method, template, status))
        {
            var broken = schemas.Check(method, template, status, response.Content.Headers.ContentType?.MediaType, body);
            Assert.True(broken.Count == 0, $"{what} → {status} breaks its schema: {string.Join("; ", broken)}\n{body}");
        }

        Assert.True((int)response.StatusCode < 500, $"{what} → {(int)response.StatusCode} {body}");
        if (!response.IsSuccessStatusCode)
        {
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                $"{what} → {(int)response.StatusCode} is not a problem: {body}");
            using var problem = JsonDocument.Parse(body);
            var code = problem.RootElement.GetProperty("code").GetString();
            Assert.Equal($"https://gridforge.dev/problems/{code}", problem.RootElement.GetProperty("type").GetString());
            Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()), $"{what}: {body}");
        }
        else if (response.Content.Headers.ContentType?.MediaType is "application/json")
        {
            using var _ = JsonDocument.Parse(body);
        }
    }

    private static string RandomText(Random random)
    {
        const string alphabet = "abcXYZ019-_.~:+!$'()*,;=@%é€";
        var chars = new char[random.Next(1, 24)];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
        return Uri.EscapeDataString(new string(chars));
    }
}
