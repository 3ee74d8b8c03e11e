using System.Buffers.Binary;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>An account's energy in one slot, in Wh: produced and consumed (from its meters' readings), and bought,
/// sold, delivered and imbalance, which the market and settlement fill in (0 until they do).</summary>
public readonly record struct EnergyBalance(Wh Produced, Wh Consumed, Wh Bought, Wh Sold, Wh Delivered, Wh Imbalance)
{
    public const int EncodedSize = 48;

    public static EnergyBalance operator +(EnergyBalance a, EnergyBalance b) => new(
        a.Produced + b.Produced, a.Consumed + b.Consumed, a.Bought + b.Bought, a.Sold + b.Sold, a.Delivered + b.Delivered, a.Imbalance + b.Imbalance);

    public static EnergyBalance Add(EnergyBalance left, EnergyBalance right) => left + right;

    public byte[] Encode()
    {
        var b = new byte[EncodedSize];
        var s = b.AsSpan();
        foreach (var v in (ReadOnlySpan<long>)[Produced.Value, Consumed.Value, Bought.Value, Sold.Value, Delivered.Value, Imbalance.Value])
        {
            BinaryPrimitives.WriteInt64LittleEndian(s, v);
            s = s[8..];
        }

        return b;
    }

    public static EnergyBalance Decode(byte[]? raw)
    {
        if (raw is null) return default;
        Wh At(int field) => new(BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(field * 8)));
        return new EnergyBalance(At(0), At(1), At(2), At(3), At(4), At(5));
    }
}
