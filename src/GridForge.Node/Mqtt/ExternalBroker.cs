using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Microsoft.Extensions.Logging;

namespace GridForge.Node.Mqtt;

/// <summary>The gateway as a client of an external broker (a DSO's Mosquitto): MQTT 5, a persistent session (clean start off,
/// session kept a week) so the broker keeps the readings published while the gateway is away, a QoS 1 subscription to
/// <c>gridforge/meters/+/readings</c>, manual acknowledgements sent only once the gateway's verdict is in, and reconnection with
/// exponential backoff (0.5 s doubling to 30 s, with jitter) after a broker restart or a network drop.</summary>
internal sealed class ExternalBroker : IOutcomeSink, IAsyncDisposable
{
    private const uint SessionExpirySeconds = 7 * 24 * 3600;

    private readonly MqttGateway _gateway;
    private readonly ExternalBrokerOptions _options;
    private readonly ILogger _log;
    private readonly IMqttClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _lost = new(0);
    private Task _run = Task.CompletedTask;

    public ExternalBroker(MqttGateway gateway, ExternalBrokerOptions options, ILogger log)
    {
        _gateway = gateway;
        _options = options;
        _log = log;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessage;
        _client.DisconnectedAsync += _ =>
        {
            _lost.Release();
            return Task.CompletedTask;
        };
    }

    public bool Connected => _client.IsConnected;

    public void Start() => _run = Task.Run(RunAsync);

    private MqttClientOptions ClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_options.ClientId ?? "gridforge-gateway-" + _gateway.Account.ToString()[5..17])
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(SessionExpirySeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (_options.Username is { } user) builder.WithCredentials(user, _options.Password ?? string.Empty);
        if (_options.Tls)
        {
            var ca = _options.CaFile is { } caFile ? X509CertificateLoader.LoadCertificateFromFile(caFile) : null;
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(_options.Host).WithCertificateValidationHandler(args => Trusted(args.Certificate, args.SslPolicyErrors, ca));
                if (_options.CertFile is { } certFile)
                {
                    using var pem = X509Certificate2.CreateFromPemFile(certFile, _options.KeyFile);
                    // SslStream on Linux wants a certificate whose key is not ephemeral.
                    tls.WithClientCertificates([X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)]);
                }
            });
        }

        return builder.Build();
    }

    /// <summary>The broker's certificate must name the host and chain to <paramref name="ca"/> (or, without one, to the system's trust store).</summary>
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2? ca)
    {
        if (ca is null || certificate is null) return errors == SslPolicyErrors.None;
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    private async Task RunAsync()
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        var options = ClientOptions();
        while (!_stop.IsCancellationRequested)
        {
            if (!_client.IsConnected)
            {
                try
                {
                    await _client.ConnectAsync(options, _stop.Token).ConfigureAwait(false);
                    await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                        .WithTopicFilter(MeterTopics.AllReadings, MqttQualityOfServiceLevel.AtLeastOnce).Build(), _stop.Token).ConfigureAwait(false);
                    _log.LogInformation("mqtt gateway: connected to {Broker}", _gateway.BrokerAddress);
                    backoff = TimeSpan.FromMilliseconds(500);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    _gateway.Problem("broker", $"cannot reach the broker {_gateway.BrokerAddress}: {e.Message}; trying again in {backoff.TotalSeconds:0.#} s");
                    try
                    {
                        await Task.Delay(backoff + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)(backoff.TotalMilliseconds / 4) + 1)), _stop.Token)
                            .ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                    continue;
                }
            }

            try
            {
                await _lost.WaitAsync(TimeSpan.FromSeconds(1), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        e.AutoAcknowledge = false;
        var verdict = _gateway.Offer(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
        _ = AcknowledgeAsync(e, verdict);
        return Task.CompletedTask;
    }

    /// <summary>Acknowledges once the verdict is in. A deferred reading is not: the broker sends it again after the next connection,
    /// which comes after a pause (the gateway drops this one to make it).</summary>
    private async Task AcknowledgeAsync(MqttApplicationMessageReceivedEventArgs e, Task<IntakeVerdict> verdict)
    {
        try
        {
            if ((await verdict.ConfigureAwait(false)).Acknowledge) await e.AcknowledgeAsync(_stop.Token).ConfigureAwait(false);
            else if (_client.IsConnected) await _client.DisconnectAsync(new MqttClientDisconnectOptions(), _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The connection dropped before the acknowledgement: the broker sends the reading again, and the gateway knows the copy.
        }
    }

    public async Task<bool> PublishAsync(IReadOnlyList<(string Topic, byte[] Payload)> messages, CancellationToken ct)
    {
        if (!_client.IsConnected) return false;
        try
        {
            foreach (var chunk in messages.Chunk(256))
            {
                await Task.WhenAll(chunk.Select(m => _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(m.Topic).WithPayload(m.Payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build(), ct))).ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            _gateway.Problem("publish", $"outcomes could not be published to {_gateway.BrokerAddress}: {e.Message}; trying again");
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptions()).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Stopping anyway.
            }
        }

        _client.Dispose();
        _stop.Dispose();
        _lost.Dispose();
    }
}
