using System.Buffers.Binary;
using GridForge.Runtime.State;

namespace GridForge.Cli.Simulation;

/// <summary>The simulation's committed state: no Merkle tree and no SQLite (a state root is what nodes agree on; a simulation has no
/// peers). Keys and values live in large byte chunks indexed by an open-addressing hash table, so the garbage collector sees a few
/// big arrays instead of two objects per entry: a 10,000-household day holds about ten million entries, and walking them as objects
/// in every full collection took half the run (docs/simulate.md, "Performance"). The runtime sees it only through
/// <see cref="IState"/>, as it sees a node's <see cref="StateStore"/>; a read returns a fresh copy of the value.</summary>
internal sealed class MemoryState : IState
{
    private const int ChunkBytes = 1 << 24;

    // A record: i32 key length, i32 capacity, i32 value length (-1: deleted), key, value (capacity bytes reserved).
    private const int Header = 12;

    private readonly List<byte[]> _chunks = [new byte[ChunkBytes]];
    private int _used;

    // Slot i holds 0 (empty) or 1 + (chunk << 32 | offset) of its record, and the key's hash.
    private long[] _slots = new long[1 << 16];
    private int[] _hashes = new int[1 << 16];
    private int _occupied;

    /// <summary>Keys ever written (deleted ones included).</summary>
    public int Count => _occupied;

    /// <summary>Bytes the records take in the chunks.</summary>
    public long Bytes => ((long)(_chunks.Count - 1) * ChunkBytes) + _used;

    public byte[]? Get(StateKey key)
    {
        var slot = Find(key, key.GetHashCode());
        if (_slots[slot] == 0) return null;
        var (chunk, offset) = Record(slot);
        var length = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset + 8));
        if (length < 0) return null;
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset));
        return chunk.AsSpan(offset + Header + keyLength, length).ToArray();
    }

    public void Set(StateKey key, byte[] value) => Write(key, value);

    public void Delete(StateKey key)
    {
        var slot = Find(key, key.GetHashCode());
        if (_slots[slot] == 0) return;
        var (chunk, offset) = Record(slot);
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(offset + 8), -1);
    }

    private void Write(StateKey key, ReadOnlySpan<byte> value)
    {
        var hash = key.GetHashCode();
        var slot = Find(key, hash);
        if (_slots[slot] != 0)
        {
            var (chunk, offset) = Record(slot);
            var keyLength = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset));
            var capacity = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset + 4));
            if (value.Length <= capacity)
            {
                BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(offset + 8), value.Length);
                value.CopyTo(chunk.AsSpan(offset + Header + keyLength));
                return;
            }

            // A value that outgrows its room moves to a new record with twice the room, so a growing list moves only log n times.
            _slots[slot] = Append(key.Span, value, Math.Max(value.Length, 2 * capacity));
            return;
        }

        _slots[slot] = Append(key.Span, value, value.Length);
        _hashes[slot] = hash;
        if (++_occupied * 10 > _slots.Length * 6) Grow();
    }

    private long Append(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int capacity)
    {
        var size = Header + key.Length + capacity;
        if (_used + size > _chunks[^1].Length)
        {
            _chunks.Add(new byte[Math.Max(ChunkBytes, size)]);
            _used = 0;
        }

        var chunk = _chunks[^1];
        var offset = _used;
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(offset), key.Length);
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(offset + 4), capacity);
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(offset + 8), value.Length);
        key.CopyTo(chunk.AsSpan(offset + Header));
        value.CopyTo(chunk.AsSpan(offset + Header + key.Length));
        _used += size;
        return 1 + (((long)(_chunks.Count - 1) << 32) | (uint)offset);
    }

    private (byte[] Chunk, int Offset) Record(int slot)
    {
        var reference = _slots[slot] - 1;
        return (_chunks[(int)(reference >> 32)], (int)(reference & 0xFFFF_FFFF));
    }

    /// <summary>The slot holding <paramref name="key"/>, or the empty slot where it would go (linear probing).</summary>
    private int Find(StateKey key, int hash)
    {
        var mask = _slots.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            if (_slots[i] == 0) return i;
            if (_hashes[i] != hash) continue;
            var (chunk, offset) = Record(i);
            var keyLength = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset));
            if (chunk.AsSpan(offset + Header, keyLength).SequenceEqual(key.Span)) return i;
        }
    }

    private void Grow()
    {
        var slots = _slots;
        var hashes = _hashes;
        _slots = new long[slots.Length * 2];
        _hashes = new int[slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var s = 0; s < slots.Length; s++)
        {
            if (slots[s] == 0) continue;
            var i = hashes[s] & mask;
            while (_slots[i] != 0) i = (i + 1) & mask;
            _slots[i] = slots[s];
            _hashes[i] = hashes[s];
        }
    }
}
