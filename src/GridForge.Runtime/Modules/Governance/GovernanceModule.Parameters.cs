using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Governance;

/// <summary>The governance module's parameters: each a <see cref="ParamSpec"/> stored under <c>params/{module}/{name}</c>, read as
/// <c>GovernanceModule.Name.Get(state)</c>, changed only by governance (docs/architecture.md, "Parameters").</summary>
public sealed partial class GovernanceModule
{
    public static readonly ParamSpec Deposit = new(ModuleName, "deposit", 100_000_000, 0, 1_000_000_000_000_000_000,
        "GRID a proposer reserves, in µGRID; returned when quorum is reached, burned when not");
    public static readonly ParamSpec VotingPeriod = new(ModuleName, "voting_period_blocks", 3_600, 1, 100_000_000,
        "blocks a proposal is open for votes, from the block that makes it");
    public static readonly ParamSpec EnactmentDelay =
        new(ModuleName, "enactment_delay_blocks", 600, 1, 100_000_000, "blocks from the end of voting to the first block under a passed change");
    public static readonly ParamSpec QuorumPpm = new(ModuleName, "quorum_ppm", 100_000, 0, 1_000_000,
        "share of all active bond that must vote (yes, no or abstain), in parts per million");
    public static readonly ParamSpec ThresholdPpm = new(ModuleName, "threshold_ppm", 500_000, 0, 1_000_000,
        "share of yes + no that yes must exceed, in parts per million");
    public static readonly ParamSpec MaxActiveProposals = new(ModuleName, "max_active_proposals", 64, 1, 10_000, "most proposals in voting at once");

    public IReadOnlyList<ParamSpec> Params { get; } = [Deposit, VotingPeriod, EnactmentDelay, QuorumPpm, ThresholdPpm, MaxActiveProposals];
}
