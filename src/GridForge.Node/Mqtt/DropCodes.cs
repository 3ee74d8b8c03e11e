namespace GridForge.Node.Mqtt;

/// <summary>Why the gateway dropped a publish without spending anything on it (counted in <c>GET /api/v1/mqtt</c>; with MQTT 5 also
/// the PUBACK's reason string). Refusals the chain would give use <see cref="Runtime.Modules.Metering.MeteringCodes"/>.</summary>
public static class DropCodes
{
    /// <summary>The topic is not <c>gridforge/meters/{meter}/readings</c> (the embedded broker serves nothing else).</summary>
    public const string BadTopic = "bad_topic";

    /// <summary>The payload is not a reading (see docs/meters-mqtt.md), or longer than 1,024 bytes.</summary>
    public const string Malformed = "malformed";

    /// <summary>The reading's meter is not the one its topic names: a meter publishes only under its own id.</summary>
    public const string TopicMismatch = "topic_mismatch";

    /// <summary>The line names another chain.</summary>
    public const string WrongChain = "wrong_chain";

    /// <summary>The meter is not registered (or is retired) on this chain.</summary>
    public const string UnknownMeter = "unknown_meter";

    public const string RetiredMeter = "retired_meter";

    /// <summary>The meter's key did not sign this reading for this chain.</summary>
    public const string BadSignature = "bad_signature";

    /// <summary>The durable queue is full: not acknowledged; the publisher should send it again later.</summary>
    public const string QueueFull = "queue_full";
}
