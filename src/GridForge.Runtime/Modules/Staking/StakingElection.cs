using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Staking.Election;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Runs an era's election over the bonded stake in state: candidates are the accounts with intent to validate
/// and a positive active bond; voters are every validator (voting for itself) and every nominator, each with its
/// active bond, in address order. The winners with a positive backing become the set (a winner nobody backs leaves
/// its seat empty).</summary>
internal static class StakingElection
{
    public static IReadOnlyList<ElectedValidator> Run(IState state)
    {
        var validators = StakingState.ValidatorCandidates(state);
        var candidates = new List<Address>();
        var voters = new List<ElectionVoter<Address>>();
        foreach (var v in validators)
        {
            var active = StakingState.Ledger(state, v).Active;
            if (active == 0) continue;
            candidates.Add(v);
            voters.Add(new ElectionVoter<Address>(v, active, [v]));
        }

        foreach (var n in StakingState.NominatorList(state))
        {
            var active = StakingState.Ledger(state, n).Active;
            if (active == 0 || StakingState.Nominations(state, n) is not { } targets) continue;
            voters.Add(new ElectionVoter<Address>(n, active, targets));
        }

        voters.Sort((a, b) => a.Id.CompareTo(b.Id));
        var seats = (int)StakingModule.ValidatorCount.Get(state);
        var iterations = (int)StakingModule.BalanceIterations.Get(state);
        var result = SequentialPhragmen.Elect(seats, candidates, voters, iterations);

        var own = new Dictionary<Address, ulong>();
        var others = new Dictionary<Address, List<IndividualExposure>>();
        foreach (var a in result.Assignments)
        {
            foreach (var edge in a.Distribution)
            {
                var weight = (ulong)edge.Weight;
                if (edge.Target == a.Voter) own[a.Voter] = weight;
                else (others.TryGetValue(edge.Target, out var list) ? list : others[edge.Target] = []).Add(new IndividualExposure(a.Voter, weight));
            }
        }

        var elected = new List<ElectedValidator>();
        foreach (var w in result.Winners)
        {
            if (w.Backing == 0) continue;
            var nominators = others.GetValueOrDefault(w.Id) ?? [];
            nominators.Sort((x, y) => x.Nominator.CompareTo(y.Nominator));
            var commission = StakingState.Validator(state, w.Id)?.CommissionPpb ?? 0;
            elected.Add(new ElectedValidator(w.Id, w.Round, new Exposure((ulong)w.Backing, own.GetValueOrDefault(w.Id), commission, nominators)));
        }

        return elected;
    }
}
