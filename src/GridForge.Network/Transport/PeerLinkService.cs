using GridForge.Network.Peers;
using GridForge.Network.Protocol;
using Grpc.Core;

namespace GridForge.Network.Transport;

/// <summary>The accepting side of <c>PeerLink.Connect</c>: the TLS handshake has already checked the client's certificate;
/// its node id is taken from it again here and the link handed to the peer manager.</summary>
internal sealed class PeerLinkService(PeerManager peers) : PeerLink.PeerLinkBase
{
    public override async Task Connect(IAsyncStreamReader<Envelope> requestStream, IServerStreamWriter<Envelope> responseStream, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var id = PeerCertificate.IdOf(http.Connection.ClientCertificate, DateTimeOffset.UtcNow, out _);
        if (id is not { } peer)
        {
            http.Abort();
            return;
        }

        var remote = $"{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}";
        var outcome = await peers.RunLinkAsync(peer, LinkDirection.Inbound, remote, new ServerEnvelopeStream(requestStream, responseStream),
            context.CancellationToken).ConfigureAwait(false);
        // A refused or banned peer loses its connection, not just the stream.
        if (outcome.StartsWith("refused", StringComparison.Ordinal) || outcome.StartsWith("banned", StringComparison.Ordinal))
        {
            peers.LogInboundRefused(peer, remote, outcome);
            http.Abort();
        }
    }
}
