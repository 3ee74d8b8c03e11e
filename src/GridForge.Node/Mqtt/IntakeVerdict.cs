namespace GridForge.Node.Mqtt;

/// <summary>What the gateway did with one published reading, decided before the broker is answered.</summary>
public enum IntakeKind
{
    /// <summary>Written to the durable queue (or the same reading already was): it will reach the chain, and its outcome the meter.</summary>
    Queued,

    /// <summary>Judged without the chain's help (it is already on chain, or can no longer be accepted): the outcome was published at once.</summary>
    Answered,

    /// <summary>Not a reading the gateway spends anything on (forged, unknown meter, malformed, wrong topic): dropped, no outcome.</summary>
    Dropped,

    /// <summary>The durable queue is full (or the gateway is stopping): not acknowledged, so the publisher sends it again later.</summary>
    Deferred,
}

/// <summary>The gateway's verdict on one publish, with the stable code of a drop or an answer.</summary>
public readonly record struct IntakeVerdict(IntakeKind Kind, string? Code = null)
{
    public static readonly IntakeVerdict Queued = new(IntakeKind.Queued);

    /// <summary>True when the publish may be acknowledged (everything but <see cref="IntakeKind.Deferred"/>).</summary>
    public bool Acknowledge => Kind != IntakeKind.Deferred;

    public static IntakeVerdict Drop(string code) => new(IntakeKind.Dropped, code);
}
