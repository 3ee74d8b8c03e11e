using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>What staking needs from other modules, and nothing more (as Cosmos SDK's <c>expected_keepers.go</c>): the module
/// host wires an implementation of each when it builds the modules (<c>ChainRuntime.StandardModules</c>); a test may wire a
/// double. docs/architecture.md, "Modules and their needs".</summary>
internal sealed record StakingNeeds(StakingNeeds.ITokens Tokens, StakingNeeds.IAuth Auth)
{
    /// <summary>Bond GRID (reserve it), release it, burn what is slashed or forfeited, mint era rewards, read the supply.</summary>
    public interface ITokens
    {
        ulong Supply(IState state, Token token);

        Rejection? Reserve(IState state, Address account, Token token, ulong amount);

        void Unreserve(IState state, Address account, Token token, ulong amount);

        void Mint(IState state, Address to, Token token, ulong amount);

        Rejection? Burn(IState state, Address from, Token token, ulong amount);
    }

    /// <summary>The validator set consensus runs with: the current one, the latest scheduled, and scheduling an elected one.</summary>
    public interface IAuth
    {
        ValidatorSet Validators(IState state);

        ValidatorSet LatestValidators(IState state);

        void ScheduleValidators(IState state, ValidatorSet validators);
    }
}
