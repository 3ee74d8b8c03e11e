using GridForge.Consensus.Engine;
using GridForge.Consensus.Simulation;

namespace GridForge.Consensus.Tests.Simulation;

/// <summary>The checker is not vacuous: each deliberately broken variant of the core (or of its host) is caught within
/// a fixed number of seeds, by the property it breaks; the real algorithm passes the very same seeds.</summary>
public class MutationTests
{
    private static void Caught(SimOptions broken, string property, int within, ulong seedStart = 1)
    {
        var failure = SimulationAssert.FirstViolation(broken, seedStart, within);
        Assert.True(failure is not null, $"the mutant survived {within} seeds");
        Assert.Equal(property, failure!.Violations[0].Property);
        // The real algorithm on the same seed breaks nothing.
        var fixedRun = Consensus.Simulation.Simulation
            .RunSeed(failure.Seed, broken with { Mutation = CoreMutation.None, VolatileSignState = false, NoEvidenceInBlocks = false });
        Assert.True(fixedRun.Passed, string.Join("; ", fixedRun.Violations));
    }

    [Fact]
    public void WithoutTheLockRule_AgreementBreaks() =>
        Caught(new SimOptions { Validators = 5, Byzantine = 2, Mutation = CoreMutation.NoLockRule, AdversarialPermille = 1_000, AttackerClaimsValidRound =
            false }, "agreement", within: 100);

    [Fact]
    public void WithoutTheValidRoundCheck_AgreementBreaks() =>
        Caught(new SimOptions { Validators = 5, Byzantine = 2, Mutation = CoreMutation.UncheckedValidRound, AdversarialPermille = 1_000,
            AttackerClaimsValidRound = true }, "agreement", within: 100);

    [Fact]
    public void WithTwoThirdsInsteadOfMoreThanTwoThirds_AgreementBreaks_WhenTheByzantineHoldAThird() =>
        Caught(new SimOptions { Validators = 4, Byzantine = 1, Mutation = CoreMutation.InclusiveTwoThirds, ByzantineAtOneThird = true }, "agreement",
            within: 20);

    [Fact]
    public void WithTimeoutsThatDoNotGrow_ASlowNetworkNeverDecides() =>
        Caught(new SimOptions { Validators = 4, Byzantine = 1, Mutation = CoreMutation.FixedTimeouts, SlowNetworkPermille = 1_000, AdversarialPermille = 0 },
            "liveness", within: 20);

    [Fact]
    public void SkippingRoundsOnOneMessage_LetsOneByzantineValidatorStallTheChain() =>
        Caught(new SimOptions { Validators = 4, Byzantine = 1, Mutation = CoreMutation.SkipOnAnyMessage, AdversarialPermille = 1_000 }, "liveness",
            within: 150);

    [Fact]
    public void ASignStateLostInACrash_LetsAnHonestValidatorSignTwice() =>
        Caught(new SimOptions { Validators = 4, Byzantine = 1, VolatileSignState = true }, "no honest double-sign", within: 60);

    [Fact]
    public void ProposersThatLeaveEvidenceOut_LeaveEquivocationUnpunished() =>
        Caught(new SimOptions { Validators = 4, Byzantine = 1, NoEvidenceInBlocks = true }, "evidence", within: 20);
}
