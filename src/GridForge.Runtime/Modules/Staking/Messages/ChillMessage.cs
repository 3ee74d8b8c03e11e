using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Stops validating or nominating from the next election on; the bond stays.</summary>
public sealed record ChillMessage : IMessage
{
    public const ushort TypeId = 7;

    public byte Module => ModuleIds.Staking;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer)
    {
    }

    public static IMessage Decode(ref CanonicalReader reader) => new ChillMessage();
}
