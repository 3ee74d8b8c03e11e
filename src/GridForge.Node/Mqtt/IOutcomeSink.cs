namespace GridForge.Node.Mqtt;

/// <summary>Where the gateway publishes outcomes: the embedded broker, or the external broker through its client connection.</summary>
internal interface IOutcomeSink
{
    /// <summary>Publishes each message (QoS 1, retained); false when the broker cannot be reached now (the caller tries again later).</summary>
    Task<bool> PublishAsync(IReadOnlyList<(string Topic, byte[] Payload)> messages, CancellationToken ct);
}
