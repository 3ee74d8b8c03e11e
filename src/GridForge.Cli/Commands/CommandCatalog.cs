using System.CommandLine;

namespace GridForge.Cli.Commands;

/// <summary>Every top-level command of the `gridforge` CLI, in the order `--help` lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return NodeCommand.Create();
        yield return InitCommand.Create();
        yield return TestnetCommand.Create();
        yield return GenesisCommand.Create();
        yield return KeysCommand.Create();
        yield return TxCommand.Create();
        yield return WattCommand.Create();
        yield return ChainCommand.Create();
        yield return ConsensusCommand.Create();
        yield return BenchCommand.Create();
        yield return GridCommand.Create();
        yield return MeterCommand.Create();
        yield return EnergyCommand.Create();
        yield return StakingCommand.Create();
        yield return GovernanceCommand.Create();
        yield return MarketCommand.Create();
        yield return ContractCommand.Create();
        foreach (var command in CertificateCommand.Create()) yield return command;
        yield return DisputeCommand.Create();
        yield return SimulateCommand.Create();
        foreach (var command in OperationsCommands.Create()) yield return command;
    }
}
