using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.State;

/// <summary>A set of addresses kept in one state value in ascending order: how consensus code enumerates
/// validators, nominators and voters without scanning state.</summary>
internal static class AddressSet
{
    public static IReadOnlyList<Address> Get(IState state, StateKey key) => Decode(state.Get(key));

    public static bool Contains(IState state, StateKey key, Address address) => Find(Get(state, key), address) >= 0;

    /// <summary>Adds <paramref name="address"/>; false when it was there already.</summary>
    public static bool Add(IState state, StateKey key, Address address)
    {
        var list = Get(state, key).ToList();
        var at = Find(list, address);
        if (at >= 0) return false;
        list.Insert(~at, address);
        state.Set(key, Encode(list));
        return true;
    }

    /// <summary>Removes <paramref name="address"/>; false when it was not there.</summary>
    public static bool Remove(IState state, StateKey key, Address address)
    {
        var list = Get(state, key).ToList();
        var at = Find(list, address);
        if (at < 0) return false;
        list.RemoveAt(at);
        if (list.Count == 0) state.Delete(key);
        else state.Set(key, Encode(list));
        return true;
    }

    public static void Set(IState state, StateKey key, IEnumerable<Address> addresses)
    {
        var list = addresses.Distinct().Order().ToList();
        if (list.Count == 0) state.Delete(key);
        else state.Set(key, Encode(list));
    }

    private static int Find(IReadOnlyList<Address> sorted, Address address)
    {
        int lo = 0, hi = sorted.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var c = sorted[mid].CompareTo(address);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }

        return ~lo;
    }

    public static byte[] Encode(IReadOnlyCollection<Address> addresses)
    {
        var w = new CanonicalWriter(4 + (addresses.Count * Address.Size));
        w.U32((uint)addresses.Count);
        foreach (var a in addresses) w.Address(a);
        return w.ToArray();
    }

    public static IReadOnlyList<Address> Decode(byte[]? raw)
    {
        if (raw is null) return [];
        var r = new CanonicalReader(raw);
        var count = r.U32("count");
        var list = new List<Address>((int)Math.Min(count, 1_000_000));
        for (var i = 0; i < count && r.Ok; i++) list.Add(r.Address("address"));
        r.End("address set");
        return r.Ok ? list : throw new InvalidOperationException($"corrupt address set: {r.Error}");
    }
}
