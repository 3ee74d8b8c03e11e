using GridForge.Core.Primitives;

namespace GridForge.Node.Bank;

/// <summary>An order to pay a redemption out: <see cref="Key"/> (<c>{chain id}:{redemption id}</c>) makes it idempotent.</summary>
public sealed record PayoutInstruction(string Key, Address Issuer, ulong Amount, string PayoutReference)
{
    public static string KeyOf(string chainId, ulong redemptionId) => $"{chainId}:{redemptionId}";
}
