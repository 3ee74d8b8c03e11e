using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GridForge.Node.Mqtt;

namespace GridForge.Node.Tests.Mqtt;

/// <summary>An external broker over TLS that a DSO would run: Mosquitto with a certificate from the test's own authority, taking
/// the gateway by username and password, or by client certificate.</summary>
public sealed class TlsBrokerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gridforge-tls-").FullName;

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>A certificate authority, the broker's certificate for 127.0.0.1 and a client certificate (CN=gateway), as PEM files.</summary>
    private void MakeCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=GridForge test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(PathOf("ca.pem"), ca.ExportCertificatePem());
        Issue(ca, "CN=127.0.0.1", "server", server: true);
        Issue(ca, "CN=gateway", "client", server: false);
    }

    private void Issue(X509Certificate2 ca, string subject, string name, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        using var cert = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(8));
        File.WriteAllText(PathOf(name + ".pem"), cert.ExportCertificatePem());
        File.WriteAllText(PathOf(name + ".key"), key.ExportPkcs8PrivateKeyPem());
    }

    private string TlsListener(bool requireCertificate) =>
        $"cafile {PathOf("ca.pem")}\ncertfile {PathOf("server.pem")}\nkeyfile {PathOf("server.key")}\nrequire_certificate " +
        $"{(requireCertificate ? "true" : "false")}\n"
        + (requireCertificate ? "use_identity_as_username true\n" : "");

    [SkippableFact]
    public async Task OverTls_WithUsernameAndPassword_TheGatewayTakesReadings()
    {
        Mosquitto.Require();
        MakeCertificates();
        var (code, output) = await Mosquitto.RunAsync(Mosquitto.Passwd, ["-b", "-c", PathOf("passwords"), "gateway", "s3cret"]);
        Assert.True(code == 0, output);
        using var broker = await Mosquitto.StartAsync($"user root\nallow_anonymous false\npassword_file {PathOf("passwords")}\n",
            listenerOptions: TlsListener(false));

        var node = await TlsNode.StartAsync(new ExternalBrokerOptions
        {
            Host = "127.0.0.1", Port = broker.Port, Tls = true, CaFile = PathOf("ca.pem"), Username = "gateway", Password = "s3cret",
        });
        try
        {

            await node.PublishAndWaitAsync(broker.Port, ["--cafile", PathOf("ca.pem"), "-u", "gateway", "-P", "s3cret"]);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task OverTls_WithAClientCertificate_TheGatewayTakesReadings()
    {
        Mosquitto.Require();
        MakeCertificates();
        using var broker = await Mosquitto.StartAsync("user root\nallow_anonymous false\n", listenerOptions: TlsListener(true));

        var node = await TlsNode.StartAsync(new ExternalBrokerOptions
        {
            Host = "127.0.0.1", Port = broker.Port, Tls = true, CaFile = PathOf("ca.pem"), CertFile = PathOf("client.pem"), KeyFile = PathOf("client.key"),
        });
        try
        {

            await node.PublishAndWaitAsync(broker.Port, ["--cafile", PathOf("ca.pem"), "--cert", PathOf("client.pem"), "--key", PathOf("client.key")]);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task ABrokerWhoseCertificateIsNotFromTheGivenAuthority_IsNotTrusted()
    {
        Mosquitto.Require();
        MakeCertificates();
        using var broker = await Mosquitto.StartAsync("user root\nallow_anonymous true\n", listenerOptions: TlsListener(false));
        // A new authority: not the one that signed the certificate the broker already loaded.
        MakeCertificates();

        var node = await TlsNode.StartAsync(new ExternalBrokerOptions { Host = "127.0.0.1", Port = broker.Port, Tls = true, CaFile = PathOf("ca.pem") },
            waitForConnection: false);
        try
        {
            await Task.Delay(2_000);

            Assert.False(node.Gateway.Connected);
            Assert.Contains("cannot reach the broker", node.Gateway.Stats.LastProblem, StringComparison.Ordinal);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>An in-process node whose gateway connects to the test's TLS broker.</summary>
    private sealed class TlsNode : MqttNodeTest
    {
        private ExternalBrokerOptions _options = null!;

        public new MqttGateway Gateway => base.Gateway;

        protected override Task<MqttGatewayOptions> OptionsAsync() => Task.FromResult(new MqttGatewayOptions { Broker = _options, Key = GatewayKey });

        public static async Task<TlsNode> StartAsync(ExternalBrokerOptions broker, bool waitForConnection = true)
        {
            var node = new TlsNode { _options = broker };
            await node.InitializeAsync();
            if (waitForConnection) await WaitUntilAsync(() => node.Gateway.Connected, "the gateway's TLS connection");
            return node;
        }

        public async Task PublishAndWaitAsync(int port, string[] tls)
        {
            var meter = (await RegisterAsync("pv"))[0];
            var (code, output) = await Mosquitto.PublishAsync(port, MeterTopics.Readings(meter.Id), Line(meter, EndedSlot, 40, 40), "mqttv311", tls);
            Assert.True(code == 0, output);
            await WaitUntilAsync(() => OnChain(meter, EndedSlot) is not null, "the reading on chain");
        }
    }
}
