using GridForge.Core.Encoding;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>The DSO retires a meter: its readings are refused from then on and its key can never be registered again.</summary>
public sealed record RetireMeterMessage(MeterId Meter) : IMessage
{
    public const ushort TypeId = 3;

    public byte Module => ModuleIds.Metering;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.Hash(Meter.Key);

    public static IMessage Decode(ref CanonicalReader reader) => new RetireMeterMessage(new MeterId(reader.Hash("meter")));
}
