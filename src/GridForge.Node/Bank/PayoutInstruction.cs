using GridForge.Core.Primitives;

namespace GridForge.Node.Bank;

/// <summary>An order to pay a redemption out: <see cref="Key"/> (<c>{chain id}:{genesis hash, 16 hex}:{redemption id}</c>) makes
/// it idempotent, and names one redemption of one chain for good — a chain started again from another genesis under the same
/// id numbers its redemptions anew, and its payouts do not collide with the old chain's.</summary>
public sealed record PayoutInstruction(string Key, Address Issuer, ulong Amount, string PayoutReference)
{
    public static string KeyOf(string chainId, Hash32 genesisHash, ulong redemptionId) => $"{ScopeOf(chainId, genesisHash)}{redemptionId}";

    /// <summary>What every payout key of a chain starts with.</summary>
    public static string ScopeOf(string chainId, Hash32 genesisHash) => $"{chainId}:{genesisHash.ToString()[..16]}:";

    /// <summary>Whether <paramref name="payout"/> is the payout this instruction asks for (same issuer, amount and payout reference).</summary>
    public bool IsMadeBy(BankPayout payout) => payout.Issuer == Issuer && payout.Amount == Amount && payout.PayoutReference == PayoutReference;
}
