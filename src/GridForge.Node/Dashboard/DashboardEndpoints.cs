using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Dashboard;

/// <summary>Serves the web dashboard at <c>/</c>: plain ES modules, styles and vendored libraries embedded in this assembly
/// (no build step, no CDN, works offline on a LAN), under a strict Content-Security-Policy. The API stays under /api/v1.</summary>
public static class DashboardEndpoints
{
    /// <summary>No inline script or style, no eval, nothing from another origin: data rendered from the chain can never run.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; " +
        "manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string ResourcePrefix = "wwwroot/";

    private sealed record Asset(byte[] Content, string ContentType, string ETag);

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(Load);

    /// <summary>The dashboard's files by request path (<c>/</c> is index.html), for tests and the startup banner.</summary>
    public static IReadOnlyCollection<string> Paths => Assets.Value.Keys;

    public static void Map(IEndpointRouteBuilder app)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", methods, (HttpContext http) => Serve(http, "/")).ExcludeFromDescription();
        app.MapMethods("/assets/{**path}", methods, (HttpContext http, string path) => Serve(http, "/assets/" + path)).ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext http, string path)
    {
        if (!Assets.Value.TryGetValue(path, out var asset)) return Results.NotFound();
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        // Revalidate every time: a node upgrade changes the files under the same names.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch.ToString() == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var content = Read(assembly, name);
            var relative = name[ResourcePrefix.Length..];
            var path = relative == "index.html" ? "/" : "/" + relative;
            var tag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            assets[path] = new Asset(content, ContentTypeOf(relative), tag);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".json" or ".webmanifest" => "application/json",
        _ => "text/plain; charset=utf-8",
    };
}
