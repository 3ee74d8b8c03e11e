using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>A batch of signed meter readings, from any submitter (a gateway): the meters' signatures, not the
/// sender, prove them. Each reading is accepted or rejected on its own.</summary>
/// <remarks>Wire form: u32 count (at least 1), then each reading's 136 bytes. Checking the readings' signatures is
/// the costly part of metering, so the verdicts are computed once per decoded message (in parallel) and
/// remembered with the chain id they were computed for: the node may compute them at admission with
/// <see cref="PreVerify"/>, and block execution reuses them; a fresh decode (chain verification) computes them again.</remarks>
public sealed class SubmitReadingsMessage(IReadOnlyList<MeterReading> readings) : IMessage
{
    public const ushort TypeId = 4;

    /// <summary>The readings a gateway puts in one transaction (about 54 KB, under the default 64 KiB <c>auth.max_tx_bytes</c>).</summary>
    public const int ReadingsPerTransaction = 400;

    // Below this many readings, parallel verification costs more than it saves.
    private const int ParallelThreshold = 8;

    private Verdicts? _verdicts;

    public IReadOnlyList<MeterReading> Readings { get; } = readings;

    public byte Module => ModuleIds.Metering;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer)
    {
        writer.U32((uint)Readings.Count);
        foreach (var r in Readings) r.Encode(writer);
    }

    public static IMessage Decode(ref CanonicalReader reader)
    {
        var count = reader.U32("reading count");
        if (reader.Ok && count == 0) reader.Fail("a batch holds at least one reading");
        // The count cannot promise more readings than the bytes hold, so it cannot make the decoder allocate.
        if (reader.Ok && count > (uint)(reader.Remaining / MeterReading.EncodedSize))
        {
            reader.Fail($"{count} readings need {(long)count * MeterReading.EncodedSize} bytes, {reader.Remaining} left");
        }

        var list = new List<MeterReading>(reader.Ok ? (int)count : 0);
        for (var i = 0; i < count && reader.Ok; i++) list.Add(MeterReading.Decode(ref reader));
        return new SubmitReadingsMessage(list);
    }

    /// <summary>A batch whose readings count as signed for <paramref name="chainId"/> without their signatures being checked, for
    /// in-process callers whose meters are all simulated (<c>gridforge simulate</c>), as <see cref="Transaction.Unsigned"/> is for
    /// senders. A batch decoded from bytes never carries this: its verdicts are always computed from the signatures.</summary>
    public static SubmitReadingsMessage Vouched(IReadOnlyList<MeterReading> readings, string chainId)
    {
        var valid = new bool[readings.Count];
        Array.Fill(valid, true);
        var message = new SubmitReadingsMessage(readings);
        message._verdicts = new Verdicts(chainId, valid);
        return message;
    }

    /// <summary>Checks every reading's signature for <paramref name="chainId"/> now (in parallel), so that block
    /// execution finds the verdicts ready. Safe to call from any thread, any number of times.</summary>
    public void PreVerify(string chainId) => SignatureVerdicts(chainId);

    /// <summary>For each reading, whether its meter signed it for <paramref name="chainId"/>.</summary>
    public IReadOnlyList<bool> SignatureVerdicts(string chainId)
    {
        var known = Volatile.Read(ref _verdicts);
        if (known is not null && known.ChainId == chainId) return known.Valid;
        var valid = new bool[Readings.Count];
        if (valid.Length < ParallelThreshold)
        {
            for (var i = 0; i < valid.Length; i++) valid[i] = Readings[i].Verify(chainId);
        }
        else
        {
            Parallel.For(0, valid.Length, i => valid[i] = Readings[i].Verify(chainId));
        }

        Volatile.Write(ref _verdicts, new Verdicts(chainId, valid));
        return valid;
    }

    private sealed record Verdicts(string ChainId, bool[] Valid);
}
