using CsCheck;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Tests.Modules.Grid;
using static GridForge.Runtime.Tests.Modules.Grid.GridTestChain;
using static GridForge.Runtime.Tests.Modules.Metering.MeterFixture;

namespace GridForge.Runtime.Tests.Modules.Metering;

/// <summary>A reading can never be altered, replayed onto another chain, or attributed to another meter or
/// slot: every corruption of a genuine signed reading is rejected and changes nothing.</summary>
public sealed class ReadingCorruptionTests
{
    /// <summary>One way to tamper with a reading: flip one bit anywhere in its 136 bytes, take its meter's
    /// genuine signature for another chain, or relabel it with another meter or another slot.</summary>
    public sealed record Corruption(int How, int Position, int Bit, int OtherSlot);

    private static readonly Gen<Corruption> Corruptions = Gen.Select(
        Gen.Frequency((6, Gen.Const(0)), (1, Gen.Const(1)), (1, Gen.Const(2)), (1, Gen.Const(3))),
        Gen.Int[0, MeterReading.EncodedSize - 1], Gen.Int[0, 7], Gen.Int[0, 22])
        .Select((how, position, bit, slot) => new Corruption(how, position, bit, slot));

    [Fact]
    public void AnyCorruptionOfASignedReading_IsAlwaysRejected_AndChangesNothing()
    {
        var chain = new GridTestChain();
        var meter = chain.Registered("victim", Alice.Address);
        var neighbour = chain.Registered("neighbour", Bob.Address);
        var genuine = meter.Read(Slot(3), 100, 900, 1_000, 9_000);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        Corruptions.Sample(c =>
        {
            var tampered = c.How switch
            {
                0 => Flip(genuine, c.Position, c.Bit),
                1 => meter.Read(Slot(3), 100, 900, 1_000, 9_000, chainId: "gridforge-dev-other"),
                2 => genuine with { Meter = neighbour.Id },
                _ => genuine with { Slot = Slot(c.OtherSlot == 3 ? 4 : c.OtherSlot) },
            };
            var before = chain.State.Snapshot();

            var code = Assert.Single(Codes(chain.Submit(tampered)));

            Assert.NotEqual("ok", code);
            chain.AssertOnlyFeeAndNonceChanged(before, Gateway.Address);
            seen.Add(code);
        }, iter: 400, threads: 1);

        // The genuine reading itself was never spoiled by the attempts, and the attempts met several defences.
        Assert.Equal(["ok"], Codes(chain.Submit(genuine)));
        Assert.Superset(new HashSet<string> { MeteringCodes.BadSignature, MeteringCodes.UnknownMeter }, seen);
    }

    private static MeterReading Flip(MeterReading reading, int position, int bit)
    {
        var bytes = reading.ToBytes();
        bytes[position] ^= (byte)(1 << bit);
        return MeterReading.FromBytes(bytes, out var error) ?? throw new InvalidOperationException(error);
    }
}
