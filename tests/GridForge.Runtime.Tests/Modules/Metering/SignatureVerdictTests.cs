using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Tests.Modules.Grid;
using static GridForge.Runtime.Tests.Modules.Grid.GridTestChain;
using static GridForge.Runtime.Tests.Modules.Metering.MeterFixture;

namespace GridForge.Runtime.Tests.Modules.Metering;

/// <summary>Reading signatures are checked once per decoded batch and the verdicts remembered for the chain
/// they were checked for; a node that admitted the batch reuses them, any other decode checks afresh.</summary>
public sealed class SignatureVerdictTests
{
    private readonly GridTestChain _chain = new();

    [Fact]
    public void Verdicts_AreOnePerReading_InOrder()
    {
        var meter = Key("m");
        var good = meter.Read(Slot(1), 0, 1, 0, 1);
        var bad = good with { Exported = new Wh(2) };
        var batch = new SubmitReadingsMessage([good, bad, .. Enumerable.Repeat(good, 10), bad]);

        Assert.Equal([true, false, .. Enumerable.Repeat(true, 10), false], batch.SignatureVerdicts(_chain.ChainId));
        Assert.All(batch.SignatureVerdicts("gridforge-dev-other"), Assert.False);
    }

    [Fact]
    public void VerdictsCheckedForAnotherChain_AreNotReusedOnThisOne()
    {
        var meter = _chain.Registered("m", Alice.Address);
        var batch = new SubmitReadingsMessage([meter.Read(Slot(1), 0, 1, 0, 1)]);
        batch.PreVerify("gridforge-dev-other");

        var result = _chain.RunBlock([_chain.Sign(Gateway, batch)], asSigned: true)[0];

        Assert.Equal(["ok"], Codes(result.Events));
    }

    [Fact]
    public void AdmittedBatch_ExecutesOnItsRememberedVerdicts_WithTheSameOutcomeAsAFreshDecode()
    {
        var meter = _chain.Registered("m", Alice.Address);
        var good = meter.Read(Slot(1), 0, 1, 0, 1);
        var batch = new SubmitReadingsMessage([good, good with { Slot = Slot(2) }]);
        batch.PreVerify(_chain.ChainId);

        var result = _chain.RunBlock([_chain.Sign(Gateway, batch)], asSigned: true)[0];

        Assert.Equal(["ok", MeteringCodes.BadSignature], Codes(result.Events));
    }

    [Fact]
    public void VouchedBatch_CountsAsSignedOnlyForItsChain_AndItsBytesAreCheckedAfresh()
    {
        var unsigned = Key("m").Read(Slot(1), 0, 1, 0, 1) with { Signature = new byte[64] };
        var vouched = SubmitReadingsMessage.Vouched([unsigned, unsigned], _chain.ChainId);

        Assert.Equal([true, true], vouched.SignatureVerdicts(_chain.ChainId));
        Assert.Equal([false, false], vouched.SignatureVerdicts("gridforge-dev-other"));
        var writer = new GridForge.Core.Encoding.CanonicalWriter();
        SubmitReadingsMessage.Vouched([unsigned], _chain.ChainId).Encode(writer);
        var reader = new GridForge.Core.Encoding.CanonicalReader(writer.WrittenSpan);
        var decoded = (SubmitReadingsMessage)SubmitReadingsMessage.Decode(ref reader);
        Assert.Equal([false], decoded.SignatureVerdicts(_chain.ChainId));
    }
}
