using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>A mint made against one fiat deposit reference of an issuer: the reference is used once, ever.</summary>
public sealed record DepositRecord(Address To, ulong Amount, ulong Height, long Time)
{
    public byte[] Encode() => new CanonicalWriter(64).Address(To).U64(Amount).U64(Height).I64(Time).ToArray();

    public static DepositRecord Decode(byte[] raw)
    {
        var r = new CanonicalReader(raw);
        var record = new DepositRecord(r.Address(), r.U64(), r.U64(), r.I64());
        r.End("deposit record");
        return r.Ok ? record : throw new InvalidOperationException($"corrupt deposit record: {r.Error}");
    }
}
