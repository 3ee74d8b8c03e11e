using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;

namespace GridForge.Node.Mqtt;

/// <summary>A client's connection to the embedded broker that costs one system call per burst of packets rather than several per
/// packet: reads are served from an 8 KiB buffer filled by one receive, and the packets MQTTnet writes in a burst (the PUBACKs of a chunk
/// of readings released together) leave in one send.</summary>
/// <remarks>MQTTnet reads a packet's fixed header and body in separate small reads and writes each packet (often in two parts) with
/// its own send; on loopback each of those is a system call and a pass through the TCP stack, several per reading. A write is
/// copied into a pending buffer and sent by a flush queued on the thread pool, so every packet MQTTnet writes before that flush
/// runs (a millisecond after the first) goes with it; no acknowledgement leaves earlier than MQTTnet wrote it. A writer waits while more than
/// <see cref="MaxPendingBytes"/> are pending (a client that does not read holds back its own outbound queue, as before). A failed
/// send fails the next write. <see cref="DisconnectAsync"/> sends what is pending first (a CONNACK or DISCONNECT with its reason).</remarks>
internal sealed class BatchingChannel(IMqttChannel inner) : IMqttChannel
{
    // About 16 readings' publishes; with 15,000 clients at most, 120 MiB for all of them.
    private const int ReadBufferBytes = 8 * 1024;
    public const int MaxPendingBytes = 64 * 1024;
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(1);

    private readonly byte[] _read = new byte[ReadBufferBytes];
    private int _readStart;
    private int _readEnd;

    private readonly Lock _gate = new();
    private byte[] _pending = new byte[512];
    private byte[]? _spare;
    private int _pendingCount;
    private bool _flushing;
    private TaskCompletionSource? _drained;
    private Exception? _failed;

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        await DrainAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await inner.DisconnectAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (_readStart == _readEnd)
        {
            // A large read goes straight into the caller's buffer; a small one fills ours.
            if (count >= ReadBufferBytes) return await inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            var read = await inner.ReadAsync(_read, 0, _read.Length, cancellationToken).ConfigureAwait(false);
            if (read == 0) return 0;
            (_readStart, _readEnd) = (0, read);
        }

        var take = Math.Min(count, _readEnd - _readStart);
        _read.AsSpan(_readStart, take).CopyTo(buffer.AsSpan(offset, take));
        _readStart += take;
        return take;
    }

    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_failed is not null) return Task.FromException(_failed);
            var length = checked(_pendingCount + (int)buffer.Length);
            if (length > _pending.Length) Array.Resize(ref _pending, Math.Max(length, _pending.Length * 2));
            buffer.CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount = length;
            if (!_flushing)
            {
                _flushing = true;
                _ = Task.Run(FlushAsync, CancellationToken.None);
            }

            if (_pendingCount <= MaxPendingBytes) return Task.CompletedTask;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task FlushAsync()
    {
        // The packets MQTTnet writes meanwhile (its send loop runs on another core) go in the same send.
        await Task.Delay(FlushDelay).ConfigureAwait(false);
        while (true)
        {
            byte[] data;
            int count;
            lock (_gate)
            {
                if (_pendingCount == 0)
                {
                    _flushing = false;
                    Release(null);
                    return;
                }

                (data, count) = (_pending, _pendingCount);
                _pending = _spare ?? new byte[Math.Max(512, count)];
                (_spare, _pendingCount) = (null, 0);
                // Writers waiting for room may go on: what they wrote is on its way.
                Release(null);
            }

            try
            {
                await inner.WriteAsync(new ReadOnlySequence<byte>(data, 0, count), true, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _failed = e;
                    _flushing = false;
                    _pendingCount = 0;
                    Release(e);
                }

                return;
            }

            lock (_gate) _spare = data.Length <= MaxPendingBytes * 2 ? data : null;
        }
    }

    // Under _gate.
    private void Release(Exception? failure)
    {
        var drained = _drained;
        _drained = null;
        if (failure is null) drained?.TrySetResult();
        else drained?.TrySetException(failure);
    }

    /// <summary>Completes when nothing written so far is pending (or sending failed).</summary>
    public async Task DrainAsync()
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (!_flushing || _failed is not null) return;
                _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _drained.Task;
            }

            await wait.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => inner.Dispose();
}
