using GridForge.Runtime.Modules.Metering;

namespace GridForge.Node.Mqtt;

/// <summary>The gateway's topics (docs/meters-mqtt.md): a meter publishes to <c>gridforge/meters/{meter}/readings</c> and hears
/// outcomes on <c>gridforge/meters/{meter}/outcomes</c>, <c>{meter}</c> being its id as the CLI prints it (<c>meter1…</c>).</summary>
public static class MeterTopics
{
    public const string Prefix = "gridforge/meters/";
    public const string ReadingsSuffix = "/readings";
    public const string OutcomesSuffix = "/outcomes";

    /// <summary>What the gateway subscribes to on an external broker.</summary>
    public const string AllReadings = Prefix + "+" + ReadingsSuffix;

    /// <summary>Every meter's outcomes: what a data concentrator serving many meters may subscribe to.</summary>
    public const string AllOutcomes = Prefix + "+" + OutcomesSuffix;

    public static string Readings(MeterId meter) => Prefix + meter + ReadingsSuffix;

    public static string Outcomes(MeterId meter) => Prefix + meter + OutcomesSuffix;

    /// <summary>The meter a readings topic names, or null when the topic is not exactly <c>gridforge/meters/{meter id}/readings</c>.</summary>
    public static MeterId? MeterOfReadings(string? topic) => MeterOf(topic, ReadingsSuffix);

    /// <summary>True when <paramref name="topic"/> is the readings topic of the meter spelled <paramref name="meter"/> (Bech32m ignores case).</summary>
    public static bool IsReadingsTopicOf(string? topic, string meter) =>
        topic is not null && topic.Length == Prefix.Length + meter.Length + ReadingsSuffix.Length
        && topic.StartsWith(Prefix, StringComparison.Ordinal) && topic.EndsWith(ReadingsSuffix, StringComparison.Ordinal)
        && topic.AsSpan(Prefix.Length, meter.Length).Equals(meter, StringComparison.OrdinalIgnoreCase);

    /// <summary>The outcomes topic of the meter spelled <paramref name="meter"/> (lower case, as the CLI prints ids).</summary>
    public static string Outcomes(string meter) => Prefix + meter.ToLowerInvariant() + OutcomesSuffix;

    /// <summary>True for a filter a client of the embedded broker may subscribe to: one meter's outcomes, or every meter's
    /// (<see cref="AllOutcomes"/>). Readings, other topics and wider wildcards are not served.</summary>
    public static bool IsOutcomesFilter(string? filter) => filter == AllOutcomes || MeterOf(filter, OutcomesSuffix) is not null;

    private static MeterId? MeterOf(string? topic, string suffix)
    {
        if (topic is null || !topic.StartsWith(Prefix, StringComparison.Ordinal) || !topic.EndsWith(suffix, StringComparison.Ordinal)) return null;
        var id = topic.AsSpan(Prefix.Length, Math.Max(0, topic.Length - Prefix.Length - suffix.Length));
        // A Bech32m meter id is 59 characters; anything much longer is not one (and is not worth decoding).
        if (id.Length is 0 or > 90 || id.ContainsAny('/', '+', '#')) return null;
        return MeterId.TryParse(id.ToString(), out var meter, out _) ? meter : null;
    }
}
