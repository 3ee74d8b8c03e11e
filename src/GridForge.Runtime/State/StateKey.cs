using System.Text;

namespace GridForge.Runtime.State;

/// <summary>A key of the runtime's state: bytes compared by content (ordinal), hashed once.</summary>
public readonly struct StateKey : IEquatable<StateKey>, IComparable<StateKey>
{
    private readonly byte[] _bytes;
    private readonly int _hash;

    public StateKey(byte[] bytes)
    {
        _bytes = bytes;
        var h = new HashCode();
        h.AddBytes(bytes);
        _hash = h.ToHashCode();
    }

    public ReadOnlySpan<byte> Span => _bytes;

    public byte[] Bytes => _bytes;

    /// <summary>A key made of a module's prefix (text) and a binary suffix.</summary>
    public static StateKey Of(string prefix, ReadOnlySpan<byte> suffix)
    {
        var bytes = new byte[Encoding.ASCII.GetByteCount(prefix) + suffix.Length];
        var n = Encoding.ASCII.GetBytes(prefix, bytes);
        suffix.CopyTo(bytes.AsSpan(n));
        return new StateKey(bytes);
    }

    public static StateKey Of(string prefix) => Of(prefix, []);

    public bool StartsWith(ReadOnlySpan<byte> prefix) => _bytes.AsSpan().StartsWith(prefix);

    public bool Equals(StateKey other) => _hash == other._hash && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => obj is StateKey k && Equals(k);

    public override int GetHashCode() => _hash;

    public int CompareTo(StateKey other) => _bytes.AsSpan().SequenceCompareTo(other._bytes);

    public static bool operator ==(StateKey a, StateKey b) => a.Equals(b);

    public static bool operator !=(StateKey a, StateKey b) => !a.Equals(b);

    public static bool operator <(StateKey a, StateKey b) => a.CompareTo(b) < 0;
    public static bool operator >(StateKey a, StateKey b) => a.CompareTo(b) > 0;
    public static bool operator <=(StateKey a, StateKey b) => a.CompareTo(b) <= 0;
    public static bool operator >=(StateKey a, StateKey b) => a.CompareTo(b) >= 0;

    public override string ToString()
    {
        var printable = _bytes.TakeWhile(b => b is >= 0x20 and < 0x7f).Count();
        return Encoding.ASCII.GetString(_bytes, 0, printable) + Convert.ToHexStringLower(_bytes, printable, _bytes.Length - printable);
    }
}
