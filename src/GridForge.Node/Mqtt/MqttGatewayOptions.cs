using System.Net;
using GridForge.Core.Crypto;

namespace GridForge.Node.Mqtt;

/// <summary>How the node's MQTT gateway runs (docs/meters-mqtt.md): with its embedded broker listening at <see cref="Listen"/>, or as
/// a client of an external broker (<see cref="Broker"/>); exactly one of the two.</summary>
public sealed record MqttGatewayOptions
{
    /// <summary>The embedded broker's address (port 0: a free port, see <see cref="MqttGateway.Endpoint"/>).</summary>
    public IPEndPoint? Listen { get; init; }

    /// <summary>The external broker the gateway subscribes to.</summary>
    public ExternalBrokerOptions? Broker { get; init; }

    /// <summary>The gateway's account: it signs the batch transactions and pays their fees. The caller keeps and disposes it.</summary>
    public required SigningKey Key { get; init; }

    /// <summary>Readings the gateway holds at most (queued, in transactions, or awaiting their outcome's publication); beyond it a
    /// publish is not acknowledged (MQTT 5: reason 0x97 quota exceeded) and the publisher sends it again later.</summary>
    public int MaxHeld { get; init; } = 500_000;

    /// <summary>Clients the embedded broker serves at once.</summary>
    public int MaxConnections { get; init; } = 15_000;

    /// <summary>Unacknowledged publishes one client of the embedded broker may have; its connection waits beyond that.</summary>
    public int MaxInFlightPerClient { get; init; } = 1_000;

    /// <summary>Batch transactions in the mempool at once.</summary>
    public int MaxTransactionsInFlight { get; init; } = 100;
}

/// <summary>An external broker (e.g. the DSO's Mosquitto): <c>mqtt://host:1883</c> or, with TLS, <c>mqtts://host:8883</c>.</summary>
public sealed record ExternalBrokerOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    public bool Tls { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>PEM file of the certificate authority that signed the broker's certificate (TLS); without it the system's trust store decides.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM files of the gateway's client certificate and its private key, for brokers that authenticate clients by certificate.</summary>
    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    /// <summary>The gateway's client id: the broker keeps its session (and the readings published while it is away) under it.</summary>
    public string? ClientId { get; init; }

    /// <summary>Parses <c>mqtt://host[:port]</c> or <c>mqtts://host[:port]</c>.</summary>
    public static ExternalBrokerOptions Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts") || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath is not ("" or "/") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new FormatException($"'{url}' is not mqtt://host[:port] or mqtts://host[:port] (credentials go in the gateway's config, not the URL)");
        }

        var tls = uri.Scheme == "mqtts";
        return new ExternalBrokerOptions { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port, Tls = tls };
    }
}
