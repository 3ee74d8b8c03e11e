using System.Buffers.Binary;
using System.Text;
using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>The staking module's slice of state (prefix <c>staking/</c>): typed reads and writes of every key.</summary>
internal static class StakingState
{
    public static readonly StateKey ValidatorsKey = StateKey.Of("staking/validators");
    public static readonly StateKey NominatorsKey = StateKey.Of("staking/nominators");
    private static readonly StateKey EraKey = StateKey.Of("staking/era");
    private static readonly StateKey OldestEraKey = StateKey.Of("staking/oldest_era");
    private static readonly StateKey TotalActiveKey = StateKey.Of("staking/total_active");
    private static readonly StateKey IssuanceKey = StateKey.Of("staking/issuance");

    private static StateKey AccountKey(string prefix, Address a) => StateKey.Of(prefix, a.ToBytes());

    private static StateKey EraAccountKey(string prefix, ulong era, Address a)
    {
        Span<byte> k = stackalloc byte[8 + Address.Size];
        BinaryPrimitives.WriteUInt64BigEndian(k, era);
        a.CopyTo(k[8..]);
        return StateKey.Of(prefix, k);
    }

    private static StateKey EraKeyOf(string prefix, ulong era)
    {
        Span<byte> k = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(k, era);
        return StateKey.Of(prefix, k);
    }

    private static ulong ReadU64(IState state, StateKey key) => state.Get(key) is { } raw ? BinaryPrimitives.ReadUInt64LittleEndian(raw) : 0;

    private static void WriteU64(IState state, StateKey key, ulong value)
    {
        if (value == 0)
        {
            state.Delete(key);
            return;
        }

        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        state.Set(key, b);
    }

    // --- ledgers, intents, nominations ---

    public static StakingLedger Ledger(IState state, Address account) => StakingLedger.Decode(state.Get(AccountKey("staking/ledger/", account)));

    public static void SetLedger(IState state, Address account, StakingLedger ledger)
    {
        var key = AccountKey("staking/ledger/", account);
        if (ledger.IsEmpty) state.Delete(key);
        else state.Set(key, ledger.Encode());
    }

    public static ValidatorPrefs? Validator(IState state, Address account) =>
        state.Get(AccountKey("staking/intent/", account)) is { } raw ? ValidatorPrefs.Decode(raw) : null;

    public static void SetValidator(IState state, Address account, ValidatorPrefs? prefs)
    {
        var key = AccountKey("staking/intent/", account);
        if (prefs is null)
        {
            state.Delete(key);
            AddressSet.Remove(state, ValidatorsKey, account);
        }
        else
        {
            state.Set(key, prefs.Encode());
            AddressSet.Add(state, ValidatorsKey, account);
        }
    }

    /// <summary>The validators an account nominates (address order), or null when it nominates none.</summary>
    public static IReadOnlyList<Address>? Nominations(IState state, Address account) =>
        state.Get(AccountKey("staking/nominations/", account)) is { } raw ? AddressSet.Decode(raw) : null;

    public static void SetNominations(IState state, Address account, IReadOnlyCollection<Address>? targets)
    {
        var key = AccountKey("staking/nominations/", account);
        if (targets is null)
        {
            state.Delete(key);
            AddressSet.Remove(state, NominatorsKey, account);
        }
        else
        {
            state.Set(key, AddressSet.Encode([.. targets.Distinct().Order()]));
            AddressSet.Add(state, NominatorsKey, account);
        }
    }

    public static IReadOnlyList<Address> ValidatorCandidates(IState state) => AddressSet.Get(state, ValidatorsKey);

    public static IReadOnlyList<Address> NominatorList(IState state) => AddressSet.Get(state, NominatorsKey);

    /// <summary>Σ of every ledger's active bond: the whole voting weight and the stake eras elect over.</summary>
    public static ulong TotalActive(IState state) => ReadU64(state, TotalActiveKey);

    public static void SetTotalActive(IState state, ulong value) => WriteU64(state, TotalActiveKey, value);

    /// <summary>The height of the account's last proven offence, if it has one.</summary>
    public static ulong? LastOffence(IState state, Address account) =>
        state.Get(AccountKey("staking/offender/", account)) is { } raw ? BinaryPrimitives.ReadUInt64LittleEndian(raw) : null;

    public static void SetLastOffence(IState state, Address account, ulong height) => WriteU64(state, AccountKey("staking/offender/", account), height);

    // --- eras ---

    public static EraInfo Era(IState state) => state.Get(EraKey) is { } raw ? EraInfo.Decode(raw) : new EraInfo(0, 1, 0);

    public static void SetEra(IState state, EraInfo era)
    {
        state.Set(EraKey, era.Encode());
        state.Set(EraKeyOf("staking/era_start/", era.Index), era.Encode());
    }

    /// <summary>A past or current era still kept (exposures are kept for the unbonding period, so offences can be slashed).</summary>
    public static EraInfo? EraAt(IState state, ulong index) => state.Get(EraKeyOf("staking/era_start/", index)) is { } raw ? EraInfo.Decode(raw) : null;

    public static ulong OldestEra(IState state) => ReadU64(state, OldestEraKey);

    public static void SetOldestEra(IState state, ulong era) => WriteU64(state, OldestEraKey, era);

    private static StateKey EraValidatorsKey(ulong era) => EraKeyOf("staking/era_validators/", era);

    /// <summary>The validators elected for <paramref name="era"/> (address order); their exposures are stored.</summary>
    public static IReadOnlyList<Address> EraValidators(IState state, ulong era) => AddressSet.Get(state, EraValidatorsKey(era));

    public static Exposure? ExposureOf(IState state, ulong era, Address validator) =>
        state.Get(EraAccountKey("staking/exposure/", era, validator)) is { } raw ? Exposure.Decode(raw) : null;

    public static bool HasExposure(IState state, ulong era, Address validator) => state.Get(EraAccountKey("staking/exposure/", era, validator)) is not null;

    public static void SetExposures(IState state, ulong era, IReadOnlyList<(Address Validator, Exposure Exposure)> exposures)
    {
        AddressSet.Set(state, EraValidatorsKey(era), exposures.Select(e => e.Validator));
        foreach (var (validator, exposure) in exposures) state.Set(EraAccountKey("staking/exposure/", era, validator), exposure.Encode());
    }

    /// <summary>Blocks <paramref name="validator"/> proposed in <paramref name="era"/>: its reward points.</summary>
    public static ulong Points(IState state, ulong era, Address validator) => ReadU64(state, EraAccountKey("staking/points/", era, validator));

    public static void SetPoints(IState state, ulong era, Address validator, ulong points) =>
        WriteU64(state, EraAccountKey("staking/points/", era, validator), points);

    /// <summary>True once <paramref name="validator"/> was slashed for an offence in <paramref name="era"/>: it is not slashed
    /// again for that era, and it earns nothing for it.</summary>
    public static bool SlashedIn(IState state, ulong era, Address validator) => state.Get(EraAccountKey("staking/slashed_in/", era, validator)) is not null;

    public static void SetSlashedIn(IState state, ulong era, Address validator) => state.Set(EraAccountKey("staking/slashed_in/", era, validator), [1]);

    /// <summary>Deletes everything kept for <paramref name="era"/> (its start, exposures, points, slash marks).</summary>
    public static void PruneEra(IState state, ulong era)
    {
        foreach (var v in EraValidators(state, era))
        {
            state.Delete(EraAccountKey("staking/exposure/", era, v));
            state.Delete(EraAccountKey("staking/points/", era, v));
            state.Delete(EraAccountKey("staking/slashed_in/", era, v));
        }

        state.Delete(EraValidatorsKey(era));
        state.Delete(EraKeyOf("staking/era_start/", era));
    }

    // --- platform access, issuance ---

    private static StateKey AccessKey(string role, Address account) => StateKey.Of($"staking/access/{role}/", account.ToBytes());

    private static StateKey AccessRolesKey(Address account) => AccountKey("staking/access_roles/", account);

    public static AccessBond? Access(IState state, string role, Address account) =>
        state.Get(AccessKey(role, account)) is { } raw ? AccessBond.Decode(raw) : null;

    /// <summary>The roles <paramref name="account"/> holds an access bond for (in force or releasing), in name order.</summary>
    public static IReadOnlyList<string> AccessRolesOf(IState state, Address account)
    {
        if (state.Get(AccessRolesKey(account)) is not { } raw) return [];
        return [.. Encoding.ASCII.GetString(raw).Split(',')];
    }

    public static void SetAccess(IState state, string role, Address account, AccessBond? bond)
    {
        var roles = AccessRolesOf(state, account).Where(r => r != role).ToList();
        if (bond is null)
        {
            state.Delete(AccessKey(role, account));
        }
        else
        {
            state.Set(AccessKey(role, account), bond.Encode());
            roles.Add(role);
        }

        roles.Sort(StringComparer.Ordinal);
        if (roles.Count == 0) state.Delete(AccessRolesKey(account));
        else state.Set(AccessRolesKey(account), Encoding.ASCII.GetBytes(string.Join(',', roles)));
    }

    public static GridIssuance Issuance(IState state) => GridIssuance.Decode(state.Get(IssuanceKey));

    public static void SetIssuance(IState state, GridIssuance issuance) => state.Set(IssuanceKey, issuance.Encode());
}
