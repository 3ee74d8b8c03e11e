using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>An issuer (the sender) mints <see cref="Amount"/> µWATT to <see cref="To"/> against the fiat deposit
/// <see cref="DepositReference"/>, which it may use only once.</summary>
public sealed record MintMessage(Address To, Amount Amount, string DepositReference) : IMessage
{
    public const ushort TypeId = 1;

    public byte Module => ModuleIds.Stablecoin;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.Address(To).U64(Amount.Micro).String(DepositReference);

    public static IMessage Decode(ref CanonicalReader reader) =>
        new MintMessage(reader.Address("to"), new Amount(reader.U64("amount")), reader.String(References.MaxBytes, "deposit reference"));
}
