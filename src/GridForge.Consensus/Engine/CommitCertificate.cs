using GridForge.Consensus.Messages;
using GridForge.Consensus.Signing;
using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Engine;

/// <summary>Precommits of more than 2/3 of the power for one value at one height and round: the proof that the value
/// was decided (a block's commit).</summary>
public sealed record CommitCertificate(ulong Height, int Round, Hash32 ValueId, IReadOnlyList<SignedVote> Precommits)
{
    /// <summary>Null when every precommit is for this height, round and value, from a distinct member of
    /// <paramref name="validators"/>, correctly signed, and together they hold more than 2/3 of the power.</summary>
    public string? Verify(string chainId, ValidatorSet validators, ISignatureVerifier? verifier = null)
    {
        ulong power = 0;
        var seen = new bool[validators.Count];
        foreach (var p in Precommits)
        {
            if (p.Vote != new Vote(VoteType.Precommit, Height, Round, ValueId)) return $"a signature is for {p.Vote}, not this commit";
            var index = validators.IndexOf(p.Validator);
            if (index < 0) return $"{p.Validator} is not a validator";
            if (seen[index]) return $"{p.Validator} signed twice";
            seen[index] = true;
            if (!p.Verify(chainId, verifier)) return $"the signature of {p.Validator} does not verify";
            power = checked(power + validators[index].Power);
        }

        return validators.IsQuorum(power) ? null : $"only {power} of {validators.TotalPower} voting power signed";
    }
}
