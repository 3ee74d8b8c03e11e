using System.Text.Json;
using GridForge.Node.Api;
using GridForge.Runtime.Execution;

namespace GridForge.Cli.Community;

/// <summary>Reads the events of a committed transaction as the API shows them (<c>[{"module","kind","attributes":{…}}]</c>) back into
/// typed events.</summary>
internal static class TxEvents
{
    /// <summary>The events of type <typeparamref name="T"/>, in order.</summary>
    public static IEnumerable<T> Of<T>(TxStatusResponse status) where T : class, IModuleEvent =>
        status.Events is { ValueKind: JsonValueKind.Array } events && EventJson.Read(events.GetRawText()) is { } read ? read.Decoded<T>() : [];

}
