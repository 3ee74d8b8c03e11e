using System.Text;
using CsCheck;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Mqtt;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Node.Tests.Mqtt;

/// <summary>The payload a meter publishes: the JSON line <c>meter sign</c> prints, or the 136 canonical bytes; anything else is
/// refused with a reason and never throws.</summary>
public sealed class ReadingPayloadTests
{
    private static readonly MeterKey Meter = MeterKey.FromSeed(Hashing.Domain("payload test meter", [1]).ToArray());

    private static MeterReading Reading() => Meter.Sign("gridforge-dev", new SlotId(1_995_000), new Wh(12), new Wh(0), new Wh(1_012), new Wh(40));

    [Fact]
    public void TheJsonLine_ReadsBackAsTheSameReading_WithItsChain()
    {
        var line = ReadingPayload.Format("gridforge-dev", Reading());

        var parsed = ReadingPayload.TryParse(Encoding.UTF8.GetBytes(line), out var chainId, out var error);

        Assert.Null(error);
        Assert.Equal("gridforge-dev", chainId);
        Assert.Equal(Reading().ToBytes(), parsed!.ToBytes());
        Assert.True(parsed.Verify("gridforge-dev"));
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void TheBinaryForm_Is136Bytes_AndReadsBackAsTheSameReading()
    {
        var bytes = Reading().ToBytes();

        var parsed = ReadingPayload.TryParse(bytes, out var chainId, out var error);

        Assert.Equal(136, bytes.Length);
        Assert.Null(error);
        Assert.Null(chainId);
        Assert.Equal(bytes, parsed!.ToBytes());
    }

    [Fact]
    public void AJsonLineWithoutAChainId_IsAccepted_AndWithATrailingNewline()
    {
        var line = ReadingPayload.Format("gridforge-dev", Reading()).Replace("\"chain_id\":\"gridforge-dev\",", "", StringComparison.Ordinal) + "\n";

        Assert.NotNull(ReadingPayload.TryParse(Encoding.UTF8.GetBytes(line), out var chainId, out _));
        Assert.Null(chainId);
    }

    [Theory]
    [InlineData("", "one JSON object")]
    [InlineData("[]", "one JSON object")]
    [InlineData("{\"meter\":1}", "is a string")]
    [InlineData("{\"extra\":1}", "unknown field 'extra'")]
    [InlineData("{\"slot\":1,\"slot\":2}", "appears twice")]
    [InlineData("{\"slot\":1.5}", "whole number")]
    [InlineData("{\"slot\":99999999999999999999}", "whole number")]
    [InlineData("{\"slot\":{\"a\":1}}", "whole number")]
    [InlineData("{\"slot\":1}", "field 'meter' is missing")]
    [InlineData("{\"slot\":1} {\"slot\":2}", "one reading")]
    public void AMalformedPayload_IsRefusedWithAReason(string json, string reason)
    {
        Assert.Null(ReadingPayload.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void ABadMeterIdOrSignature_IsRefusedWithAReason()
    {
        var line = ReadingPayload.Format("gridforge-dev", Reading());
        var badMeter = line.Replace(Meter.Id.ToString(), "meter1xyz", StringComparison.Ordinal);
        var shortSignature = line.Replace("\"}", "\"}", StringComparison.Ordinal)
            .Replace(Convert.ToHexStringLower(Reading().Signature.Span), "abcd", StringComparison.Ordinal);

        Assert.Null(ReadingPayload.TryParse(Encoding.UTF8.GetBytes(badMeter), out _, out var e1));
        Assert.Contains("meter id", e1);
        Assert.Null(ReadingPayload.TryParse(Encoding.UTF8.GetBytes(shortSignature), out _, out var e2));
        Assert.Contains("signature is 64 bytes", e2);
    }

    [Fact]
    public void APayloadOverTheLimit_IsRefusedUnread() =>
        Assert.Contains("at most 1024 bytes", Refusal(new byte[ReadingPayload.MaxBytes + 1]));

    [Fact]
    public void AnyBytes_AreReadOrRefused_NeverThrow() =>
        Gen.Byte.Array[0, 600].Sample(bytes => _ = ReadingPayload.TryParse(bytes, out _, out _));

    [Fact]
    public void AnyMutationOfAValidLine_IsReadOrRefused_NeverThrows()
    {
        var line = Encoding.UTF8.GetBytes(ReadingPayload.Format("gridforge-dev", Reading()));
        Gen.Select(Gen.Int[0, line.Length - 1], Gen.Byte).Sample((at, value) =>
        {
            var copy = (byte[])line.Clone();
            copy[at] = value;
            _ = ReadingPayload.TryParse(copy, out _, out _);
        });
    }

    private static string? Refusal(byte[] payload)
    {
        Assert.Null(ReadingPayload.TryParse(payload, out _, out var error));
        return error;
    }
}
