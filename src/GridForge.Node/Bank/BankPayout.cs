using GridForge.Core.Primitives;

namespace GridForge.Node.Bank;

/// <summary>A payout the bank made for a redemption, under its own <see cref="BankReference"/>.</summary>
public sealed record BankPayout(string Key, string BankReference, Address Issuer, ulong Amount, string PayoutReference, long PaidAt);
