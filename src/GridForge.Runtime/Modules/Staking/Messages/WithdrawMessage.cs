using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Withdraws every unbonded chunk and released access bond whose era has come: they leave the reserve and become free GRID.</summary>
public sealed record WithdrawMessage : IMessage
{
    public const ushort TypeId = 4;

    public byte Module => ModuleIds.Staking;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer)
    {
    }

    public static IMessage Decode(ref CanonicalReader reader) => new WithdrawMessage();
}
