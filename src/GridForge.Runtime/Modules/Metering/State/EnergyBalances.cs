using System.Buffers.Binary;
using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>Energy balances per (account, slot) in state (<c>metering/energy/{account}{slot}</c>). Metering adds
/// produced and consumed energy; settlement adds bought, sold, delivered and imbalance (through its needs of metering) with
/// <see cref="Add"/>, the only writer, which is checked and deletes a balance that returns to zero.</summary>
internal static class EnergyBalances
{
    private const string Prefix = "metering/energy/";

    public static StateKey Key(Address account, SlotId slot)
    {
        Span<byte> k = stackalloc byte[Address.Size + 8];
        account.CopyTo(k);
        // Big-endian, so that one account's slots sort in time order.
        BinaryPrimitives.WriteInt64BigEndian(k[Address.Size..], slot.Index);
        return StateKey.Of(Prefix, k);
    }

    /// <summary>The state key prefix of every balance of <paramref name="account"/> (for scans by the node).</summary>
    public static byte[] AccountPrefix(Address account) => [.. System.Text.Encoding.ASCII.GetBytes(Prefix), .. account.ToBytes()];

    public static EnergyBalance Get(IState state, Address account, SlotId slot) => EnergyBalance.Decode(state.Get(Key(account, slot)));

    /// <summary>Adds <paramref name="delta"/> (whose fields may be negative) to the account's balance for the slot.</summary>
    public static EnergyBalance Add(IState state, Address account, SlotId slot, EnergyBalance delta)
    {
        var key = Key(account, slot);
        var next = EnergyBalance.Decode(state.Get(key)) + delta;
        if (next == default) state.Delete(key);
        else state.Set(key, next.Encode());
        return next;
    }
}
