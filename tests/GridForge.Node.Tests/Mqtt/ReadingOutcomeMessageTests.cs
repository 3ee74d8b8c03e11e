using System.Text.Json;
using CsCheck;
using GridForge.Core.Primitives;
using GridForge.Node.Mqtt;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Node.Tests.Mqtt;

/// <summary>The outcome a meter receives on its outcomes topic (docs/meters-mqtt.md).</summary>
public sealed class ReadingOutcomeMessageTests
{
    private static readonly Gen<string> MeterText = Gen.OneOf(
        Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"].Array[1, 110].Select(c => new string(c)),
        Gen.Char.Array[0, 30].Select(c => new string(c)));

    [Fact]
    public void AnOutcome_IsTheSameBytes_WhicheverWayItIsWritten()
    {
        // Accepted outcomes of plain meter ids skip Utf8JsonWriter; the bytes a meter receives must not depend on it.
        Gen.Select(MeterText, Gen.Long[-5, long.MaxValue], Gen.ULong, Gen.Bool, Gen.Byte.Array[32].Null(), Gen.String).Sample(
            (meter, slot, height, accepted, tx, reason) =>
            {
                var outcome = accepted ? new ReadingOutcome(true, null, null) : new ReadingOutcome(false, "duplicate_reading", reason);
                var hash = tx is null ? (Hash32?)null : new Hash32(tx);
                var message = ReadingOutcomeMessage.Format(meter, new SlotId(slot), outcome, height, hash);
                Assert.Equal(ReadingOutcomeMessage.FormatWithWriter(meter, new SlotId(slot), outcome, height, hash), message);
                using var json = JsonDocument.Parse(message);
                Assert.Equal(meter.ToLowerInvariant(), json.RootElement.GetProperty("meter").GetString());
            }, iter: 2000);
    }
}
