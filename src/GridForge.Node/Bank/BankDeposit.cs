using GridForge.Core.Primitives;

namespace GridForge.Node.Bank;

/// <summary>Fiat received into an issuer's reserve account, to be minted as WATT to <see cref="Beneficiary"/>
/// under <see cref="Reference"/>; <see cref="MintedBy"/> is set once the bridge has seen the mint on chain.</summary>
public sealed record BankDeposit(string Reference, Address Issuer, Address Beneficiary, ulong Amount, string Payer, long ReceivedAt, string? MintedBy);
