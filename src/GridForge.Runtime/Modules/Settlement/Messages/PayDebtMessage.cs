using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>Pays up to <see cref="Amount"/> µWATT of the sender's debts: imbalance penalties to the balancing account first,
/// then unpaid contract payments to their creditors.</summary>
public sealed record PayDebtMessage(Amount Amount) : IMessage
{
    public const ushort TypeId = 1;

    public byte Module => ModuleIds.Settlement;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.U64(Amount.Micro);

    public static IMessage Decode(ref CanonicalReader reader) => new PayDebtMessage(new Amount(reader.U64("amount")));
}
