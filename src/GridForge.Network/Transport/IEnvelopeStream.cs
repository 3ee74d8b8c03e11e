using GridForge.Network.Protocol;
using Grpc.Core;

namespace GridForge.Network.Transport;

/// <summary>The two directions of one link's gRPC stream, the same for the side that dialed and the side that accepted.</summary>
public interface IEnvelopeStream
{
    /// <summary>The next message, or null when the peer ended the stream.</summary>
    Task<Envelope?> ReadAsync(CancellationToken token);

    /// <summary>Sends one message (never called concurrently).</summary>
    Task WriteAsync(Envelope envelope, CancellationToken token);
}

/// <summary>The accepting side: the request stream is what the peer sends.</summary>
internal sealed class ServerEnvelopeStream(IAsyncStreamReader<Envelope> requests, IServerStreamWriter<Envelope> responses) : IEnvelopeStream
{
    public async Task<Envelope?> ReadAsync(CancellationToken token) =>
        await requests.MoveNext(token).ConfigureAwait(false) ? requests.Current : null;

    public Task WriteAsync(Envelope envelope, CancellationToken token) => responses.WriteAsync(envelope, token);
}

/// <summary>The dialing side: the response stream is what the peer sends.</summary>
internal sealed class ClientEnvelopeStream(AsyncDuplexStreamingCall<Envelope, Envelope> call) : IEnvelopeStream
{
    public async Task<Envelope?> ReadAsync(CancellationToken token) =>
        await call.ResponseStream.MoveNext(token).ConfigureAwait(false) ? call.ResponseStream.Current : null;

    public Task WriteAsync(Envelope envelope, CancellationToken token) => call.RequestStream.WriteAsync(envelope, token);
}
