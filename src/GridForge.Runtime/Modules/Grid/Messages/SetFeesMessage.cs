using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Grid;

/// <summary>The DSO sets the fee for trades within a zone (µWATT/kWh) and the congestion factor (permille).</summary>
public sealed record SetFeesMessage(PricePerKwh LocalFee, long CongestionPermille) : IMessage
{
    public const ushort TypeId = 5;

    public byte Module => ModuleIds.Grid;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) => writer.I64(LocalFee.MicroPerKwh).I64(CongestionPermille);

    public static IMessage Decode(ref CanonicalReader reader) => 
        new SetFeesMessage(new PricePerKwh(reader.I64("local fee")), reader.I64("congestion permille"));
}
