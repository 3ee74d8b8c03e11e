using GridForge.Runtime.Modules.Metering;

namespace GridForge.Node.Mqtt;

/// <summary>One reading the gateway holds, from its arrival until its outcome is published: its verdict (completed once it
/// is durable, or dropped), its place in the durable queue, and the transaction that carries it.</summary>
internal sealed class PendingReading(MeterReading reading, byte[] bytes, string meterText)
{
    public MeterReading Reading { get; } = reading;

    /// <summary>The meter id as the meter spelled it: its outcomes topic and outcome messages are written from it without encoding the key again.</summary>
    public string MeterText { get; } = meterText;

    /// <summary>The 136 canonical bytes: what is stored, and what identifies a copy of the same reading.</summary>
    public byte[] Bytes { get; } = bytes;

    public TaskCompletionSource<IntakeVerdict> Verdict { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Its row in the durable queue (0 until written).</summary>
    public long Seq { get; set; }

    /// <summary>True while a batch that may still be committed carries it.</summary>
    public bool Batched { get; set; }
}

/// <summary>A reading's 136 bytes as a dictionary key: a copy of a reading the gateway already holds shares its fate.</summary>
internal readonly struct ReadingBytes(byte[] bytes) : IEquatable<ReadingBytes>
{
    private readonly byte[] _bytes = bytes;

    public bool Equals(ReadingBytes other) => _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => obj is ReadingBytes other && Equals(other);

    // The signature's last bytes: uniform, and an attacker cannot choose them for a reading it did not sign.
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, _bytes.Length - 4);
}
