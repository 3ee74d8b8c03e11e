using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>The stablecoin module's read door: what the API, the dashboard, the issuer bridges and the CLI may read of WATT's
/// state (totals, issuers, deposits, redemptions), as typed values (scans in key order; never used by consensus code, which reads
/// single keys); nothing outside the module knows its key layout.</summary>
public static class StablecoinQueries
{
    /// <summary>WATT's totals: minted, burned, minted at genesis (and how much of it no issuer holds), the next redemption id.</summary>
    public static StablecoinTotals Totals(IState state) => StablecoinState.Totals(state);

    /// <summary>One issuer's record, or null when the account never was an issuer.</summary>
    public static IssuerRecord? Issuer(IState state, Address issuer) => StablecoinState.Issuer(state, issuer);

    /// <summary>Whether the account is an active issuer.</summary>
    public static bool IsActiveIssuer(IState state, Address account) => StablecoinModule.IsActiveIssuer(state, account);

    /// <summary>The mint an issuer made against a deposit reference, or null.</summary>
    public static DepositRecord? Deposit(IState state, Address issuer, string reference) => StablecoinState.Deposit(state, issuer, reference);

    /// <summary>One redemption, or null when no redemption has that id.</summary>
    public static RedemptionRecord? Redemption(IState state, ulong id) => StablecoinState.Redemption(state, id);

    /// <summary>Every issuer, active or removed, in address order.</summary>
    public static IReadOnlyList<(Address Issuer, IssuerRecord Record)> Issuers(IScannableState state) =>
        state.Scan(StateKey.Of(StablecoinState.IssuerPrefix).Bytes)
            .Select(kv => (StablecoinState.IssuerOfKey(kv.Key), IssuerRecord.Decode(kv.Value)))
            .ToList();

    /// <summary>The issuer a deposit or redemption goes to when none is named: the holder of the genesis <c>issuer</c> role while it is an
    /// active issuer, else the only active issuer; null when neither is (several issuers and none holding the role).</summary>
    public static Address? DefaultIssuer(IScannableState state)
    {
        var active = Issuers(state).Where(i => i.Record.Active).Select(i => i.Issuer).ToList();
        return AuthQueries.RoleHolder(state, "issuer") is { } holder && active.Contains(holder) ? holder
            : active.Count == 1 ? active[0] : null;
    }

    /// <summary>The pending redemptions owed by <paramref name="issuer"/>, in id order.</summary>
    public static IReadOnlyList<RedemptionRecord> PendingRedemptions(IScannableState state, Address issuer) =>
        state.Scan(StablecoinState.PendingPrefixOf(issuer))
            .Select(kv => StablecoinState.Redemption(state, StablecoinState.RedemptionIdOfPendingKey(kv.Key)))
            .OfType<RedemptionRecord>()
            .ToList();

    /// <summary>Every redemption (of one issuer, when given), in id order.</summary>
    public static IReadOnlyList<RedemptionRecord> Redemptions(IScannableState state, Address? issuer = null) =>
        state.Scan(StateKey.Of(StablecoinState.RedemptionPrefix).Bytes)
            .Select(kv => RedemptionRecord.Decode(kv.Value))
            .Where(r => issuer is null || r.Issuer == issuer)
            .ToList();

    /// <summary>The deposit references <paramref name="issuer"/> minted against, with their mints, in key order.</summary>
    public static IReadOnlyList<(string Reference, DepositRecord Record)> Deposits(IScannableState state, Address issuer)
    {
        var prefix = StateKey.Of(StablecoinState.DepositPrefix, issuer.ToBytes()).Bytes;
        return state.Scan(prefix)
            .Select(kv => (System.Text.Encoding.ASCII.GetString(kv.Key.Span[prefix.Length..]), DepositRecord.Decode(kv.Value)))
            .ToList();
    }
}
