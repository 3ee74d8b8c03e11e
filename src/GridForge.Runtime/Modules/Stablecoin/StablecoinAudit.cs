using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>Checks the module's invariants over a whole committed state: the supply equals minted − burned,
/// the issuers' counters add up to the totals, and the pending index lists exactly the pending redemptions. (That a mint
/// never takes an issuer beyond its attested reserves is a rule of each mint, not of a state: an attestation may record a
/// shortfall.)</summary>
public static class StablecoinAudit
{
    /// <summary>Every violated invariant as a sentence; empty when the state is sound.</summary>
    public static IReadOnlyList<string> Violations(StateStore state)
    {
        var problems = new List<string>();
        var totals = StablecoinState.Totals(state);
        var supply = TokensQueries.Supply(state, Token.Watt);
        if (totals.Minted < totals.Burned || supply != totals.Minted - totals.Burned)
        {
            problems.Add($"WATT supply {supply} ≠ minted {totals.Minted} − burned {totals.Burned}");
        }

        UInt128 outstanding = totals.UnattributedGenesis, minted = totals.GenesisMinted, burned = 0, genesisOwed = totals.UnattributedGenesis;
        foreach (var (key, value) in state.Scan(StateKey.Of(StablecoinState.IssuerPrefix).Bytes))
        {
            var issuer = StablecoinState.IssuerOfKey(key);
            var record = IssuerRecord.Decode(value);
            if ((UInt128)record.GenesisOutstanding + record.Minted < record.Redeemed)
            {
                problems.Add($"issuer {issuer} redeemed {record.Redeemed}, more than it owed");
                continue;
            }

            outstanding += record.Outstanding;
            minted += record.Minted;
            burned += record.Redeemed;
            genesisOwed += record.GenesisOutstanding;
        }

        if (outstanding != supply) problems.Add($"issuers owe {outstanding} (with unattributed genesis WATT) but the supply is {supply}");
        if (minted != totals.Minted) problems.Add($"issuers minted {minted} (with genesis WATT) but the total says {totals.Minted}");
        if (burned != totals.Burned) problems.Add($"issuers redeemed {burned} but the total burned is {totals.Burned}");
        if (genesisOwed != totals.GenesisMinted) problems.Add($"genesis WATT owed {genesisOwed} ≠ genesis minted {totals.GenesisMinted}");

        var pendingRecords = state.Scan(StateKey.Of(StablecoinState.RedemptionPrefix).Bytes)
            .Select(kv => RedemptionRecord.Decode(kv.Value))
            .Where(r => r.Status == RedemptionStatus.Pending)
            .Select(r => StablecoinState.PendingKey(r.Issuer, r.Id))
            .ToHashSet();
        var index = state.Scan(StateKey.Of(StablecoinState.PendingPrefix).Bytes).Select(kv => kv.Key).ToHashSet();
        if (!pendingRecords.SetEquals(index)) problems.Add("the pending-redemption index differs from the pending redemptions");
        return problems;
    }
}
