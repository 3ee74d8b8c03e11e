using System.Buffers.Binary;
using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>The module's slice of state, under <c>stablecoin/</c>: totals, issuers, used deposit references,
/// redemptions by id, and an index of pending redemptions by issuer (so a bridge can list what it owes).</summary>
internal static class StablecoinState
{
    public const string IssuerPrefix = "stablecoin/issuer/";
    public const string DepositPrefix = "stablecoin/deposit/";
    public const string RedemptionPrefix = "stablecoin/redemption/";
    public const string PendingPrefix = "stablecoin/pending/";

    private static readonly StateKey TotalsKey = StateKey.Of("stablecoin/totals");
    private static readonly byte[] Marker = [1];

    public static StateKey IssuerKey(Address issuer) => StateKey.Of(IssuerPrefix, issuer.ToBytes());

    public static StateKey DepositKey(Address issuer, string reference)
    {
        var suffix = new byte[Address.Size + System.Text.Encoding.ASCII.GetByteCount(reference)];
        issuer.CopyTo(suffix);
        System.Text.Encoding.ASCII.GetBytes(reference, suffix.AsSpan(Address.Size));
        return StateKey.Of(DepositPrefix, suffix);
    }

    // Big-endian ids, so that key order is id order.
    public static StateKey RedemptionKey(ulong id)
    {
        Span<byte> k = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(k, id);
        return StateKey.Of(RedemptionPrefix, k);
    }

    public static StateKey PendingKey(Address issuer, ulong id)
    {
        Span<byte> k = stackalloc byte[Address.Size + 8];
        issuer.CopyTo(k);
        BinaryPrimitives.WriteUInt64BigEndian(k[Address.Size..], id);
        return StateKey.Of(PendingPrefix, k);
    }

    /// <summary>The key prefix of one issuer's pending redemptions (for a scan of the committed state).</summary>
    public static byte[] PendingPrefixOf(Address issuer) => StateKey.Of(PendingPrefix, issuer.ToBytes()).Bytes;

    /// <summary>The redemption id a pending-index key names.</summary>
    public static ulong RedemptionIdOfPendingKey(StateKey key) => BinaryPrimitives.ReadUInt64BigEndian(key.Span[^8..]);

    /// <summary>The issuer an issuer key names.</summary>
    public static Address IssuerOfKey(StateKey key) => new(key.Span[^Address.Size..]);

    public static StablecoinTotals Totals(IState state) => StablecoinTotals.Decode(state.Get(TotalsKey));

    public static void SetTotals(IState state, StablecoinTotals totals) => state.Set(TotalsKey, totals.Encode());

    public static IssuerRecord? Issuer(IState state, Address issuer) =>
        state.Get(IssuerKey(issuer)) is { } raw ? IssuerRecord.Decode(raw) : null;

    public static void SetIssuer(IState state, Address issuer, IssuerRecord record) => state.Set(IssuerKey(issuer), record.Encode());

    public static DepositRecord? Deposit(IState state, Address issuer, string reference) =>
        References.IsValid(reference) && state.Get(DepositKey(issuer, reference)) is { } raw ? DepositRecord.Decode(raw) : null;

    public static void SetDeposit(IState state, Address issuer, string reference, DepositRecord record) =>
        state.Set(DepositKey(issuer, reference), record.Encode());

    public static RedemptionRecord? Redemption(IState state, ulong id) =>
        state.Get(RedemptionKey(id)) is { } raw ? RedemptionRecord.Decode(raw) : null;

    /// <summary>Stores a redemption and keeps the pending index in step with its status.</summary>
    public static void SetRedemption(IState state, RedemptionRecord record)
    {
        state.Set(RedemptionKey(record.Id), record.Encode());
        var pending = PendingKey(record.Issuer, record.Id);
        if (record.Status == RedemptionStatus.Pending) state.Set(pending, Marker);
        else state.Delete(pending);
    }
}
