using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;
using MQTTnet.Exceptions;

namespace GridForge.Node.Mqtt;

/// <summary>A client's connection to the embedded broker that refuses an MQTT packet longer than <paramref name="maxPacketBytes"/>
/// as soon as its length field says so: MQTTnet allocates a packet's whole body (up to 256 MiB) before reading it, so without this
/// one malicious client could make the node allocate gigabytes.</summary>
/// <remarks>It follows the stream's framing byte by byte as MQTTnet reads it (fixed header byte, remaining length as a variable
/// byte integer, body), so it sees every packet's length before the body is allocated.</remarks>
internal sealed class FrameLimitChannel(IMqttChannel inner, int maxPacketBytes) : IMqttChannel
{
    private enum Part { Header, Length, Body }

    private Part _part = Part.Header;
    private long _length;
    private long _multiplier = 1;
    private long _bodyLeft;

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = await inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        Follow(buffer.AsSpan(offset, read));
        return read;
    }

    private void Follow(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            switch (_part)
            {
                case Part.Header:
                    i++;
                    (_part, _length, _multiplier) = (Part.Length, 0, 1);
                    break;
                case Part.Length:
                    var b = bytes[i++];
                    _length += (b & 0x7F) * _multiplier;
                    if (_length > maxPacketBytes) throw new MqttProtocolViolationException(
                        $"a packet of {_length} bytes is over this broker's limit of {maxPacketBytes}");
                    if ((b & 0x80) == 0)
                    {
                        _bodyLeft = _length;
                        _part = _length == 0 ? Part.Header : Part.Body;
                    }
                    else if ((_multiplier *= 128) > 128 * 128 * 128)
                    {
                        throw new MqttProtocolViolationException("the remaining length is longer than four bytes");
                    }

                    break;
                default:
                    var take = (int)Math.Min(_bodyLeft, bytes.Length - i);
                    i += take;
                    if ((_bodyLeft -= take) == 0) _part = Part.Header;
                    break;
            }
        }
    }

    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, isEndOfPacket, cancellationToken);

    public void Dispose() => inner.Dispose();
}
