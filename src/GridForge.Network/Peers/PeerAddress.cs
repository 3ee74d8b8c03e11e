using GridForge.Network.Identity;

namespace GridForge.Network.Peers;

/// <summary>Where a peer is and who it must prove to be: <c>id@host:port</c>. Dialing it succeeds only if the node at that
/// address proves the key whose id is <see cref="Id"/>.</summary>
public sealed record PeerAddress(NodeId Id, string Host, int Port)
{
    public static bool TryParse(string? text, out PeerAddress? address, out string? error)
    {
        address = null;
        error = null;
        var at = text?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        if (text is null || at < 0)
        {
            error = $"'{text}' is not id@host:port";
            return false;
        }

        if (!NodeId.TryParse(text[..at], out var id))
        {
            error = $"'{text[..at]}' is not a node id (40 lowercase hexadecimal characters)";
            return false;
        }

        var hostPort = text[(at + 1)..];
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
            out var port) || port is < 1 or > 65_535)
        {
            error = $"'{hostPort}' is not host:port";
            return false;
        }

        var host = hostPort[..colon].Trim('[', ']');
        address = new PeerAddress(id, host, port);
        return true;
    }

    public static PeerAddress Parse(string text) => TryParse(text, out var a, out var error) ? a! : throw new FormatException(error);

    /// <summary>The https URI gRPC dials (IPv6 literals in brackets).</summary>
    public Uri Uri => new($"https://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}");

    public override string ToString() => $"{Id}@{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";
}
