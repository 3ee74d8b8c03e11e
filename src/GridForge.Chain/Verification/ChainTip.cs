using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.State;

namespace GridForge.Chain.Verification;

/// <summary>The chain as it stands before a block: what the block is checked against.</summary>
public sealed record ChainTip(string ChainId, ulong Height, Hash32 Hash, long Time, ValidatorSet Validators, ValidatorSet PreviousValidators)
{
    /// <summary>The tip after <paramref name="height"/> (hash and time of that block, or the genesis's), with the
    /// validator sets the state names: the set that signs the next block and the one that signed the last.</summary>
    public static ChainTip Of(string chainId, ulong height, Hash32 hash, long time, IState state) =>
        new(chainId, height, hash, time, AuthModule.Validators(state), AuthModule.PreviousValidators(state));
}
