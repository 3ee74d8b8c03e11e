using GridForge.Consensus.Messages;

namespace GridForge.Consensus.Engine;

/// <summary>What a core holds of one round of its height: the proposer's proposal (the first validly signed one) and
/// its value, the prevotes and precommits, which validators sent anything (line 55), and the "for the first time"
/// marks of lines 34, 36 and 47.</summary>
internal sealed class RoundLog(int round, int validators)
{
    private readonly bool[] _senders = new bool[validators];

    public int Round { get; } = round;

    public SignedProposal? Proposal { get; set; }

    public IConsensusValue? Value { get; set; }

    public VoteTally Prevotes { get; } = new(validators);

    public VoteTally Precommits { get; } = new(validators);

    /// <summary>Power of the validators that sent any message of this round.</summary>
    public ulong SenderPower { get; private set; }

    public bool PrevoteTimeoutScheduled { get; set; }

    public bool PrecommitTimeoutScheduled { get; set; }

    public bool PolkaSeen { get; set; }

    public VoteTally Votes(VoteType type) => type == VoteType.Prevote ? Prevotes : Precommits;

    public void MarkSender(int index, ulong power)
    {
        if (_senders[index]) return;
        _senders[index] = true;
        SenderPower = checked(SenderPower + power);
    }

    /// <summary>True when the validator sent anything in this round.</summary>
    public bool HasSender(int index) => _senders[index];
}
