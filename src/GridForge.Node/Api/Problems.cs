using GridForge.Runtime;
using Microsoft.AspNetCore.Http;

namespace GridForge.Node.Api;

/// <summary>RFC 9457 problem details carrying GridForge's stable rejection code.</summary>
public static class Problems
{
    public static IResult Of(int status, string code, string detail) =>
        Results.Problem(
            statusCode: status,
            title: code,
            detail: detail,
            type: $"https://gridforge.dev/problems/{code}",
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static IResult Rejected(Rejection rejection) => Of(StatusCodes.Status400BadRequest, rejection.Code, rejection.Message);

    /// <summary>400 <c>invalid_address</c>: the one answer to text that is not an address, on every endpoint.</summary>
    public static IResult InvalidAddress(string? error) => Of(StatusCodes.Status400BadRequest, "invalid_address", error ?? "not an address");

    public static IResult BadRequest(string detail) => Of(StatusCodes.Status400BadRequest, "bad_request", detail);

    public static IResult NotFound(string detail) => Of(StatusCodes.Status404NotFound, "not_found", detail);
}
