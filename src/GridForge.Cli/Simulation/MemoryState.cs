using System.Buffers.Binary;
using GridForge.Runtime.State;

namespace GridForge.Cli.Simulation;

/// <summary>The simulation's committed state: no Merkle tree and no SQLite (a state root is what nodes agree on; a simulation has no
/// peers). Keys and values live in large byte chunks indexed by an open-addressing hash table, so the garbage collector sees a few
/// big arrays instead of two objects per entry: a 10,000-household day holds about ten million entries, and walking them as objects
/// in every full collection took half the run (docs/simulate.md, "Performance"). The runtime sees it only through
/// <see cref="IState"/>, as it sees a node's <see cref="StateStore"/>; a read returns a fresh copy of the value.</summary>
/// <remarks>It is also the block's state (<see cref="IRevertibleState"/>): the runtime writes into it directly, and what a refused
/// transaction or a failed end-of-block item wrote is taken back from an undo log kept in the same way — entries that are values,
/// the old bytes in one reused buffer — so a block's writes are never a block's worth of objects for the collector to promote.</remarks>
internal sealed class MemoryState : IRevertibleState
{
    private const int ChunkBytes = 1 << 24;

    // A record: i32 key length, i32 capacity, i32 value length (-1: deleted), key, value (capacity bytes reserved).
    private const int Header = 12;

    private readonly int _chunkBytes;
    private readonly List<byte[]> _chunks;
    private int _used;

    // Slot i holds 0 (empty) or 1 + (chunk << 32 | offset) of its record, and the key's hash.
    private long[] _slots;
    private int[] _hashes;
    private int _occupied;

    // While a checkpoint is open, how to take back each write (latest last), and the old values that writes in place overwrote.
    private Undo[] _undo = new Undo[1024];
    private int _undoCount;
    private byte[] _undoBytes = new byte[1 << 16];
    private int _undoBytesUsed;
    private int _open;

    /// <param name="slots">The hash table's first size, a power of two (it doubles when 60% full).</param>
    /// <param name="chunkBytes">The size of a chunk of records.</param>
    public MemoryState(int slots = 1 << 16, int chunkBytes = ChunkBytes)
    {
        if (slots < 2 || (slots & (slots - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(slots), "a power of two, at least 2");
        _chunkBytes = chunkBytes;
        _chunks = [new byte[chunkBytes]];
        _slots = new long[slots];
        _hashes = new int[slots];
    }

    /// <summary>Keys ever written (deleted ones included).</summary>
    public int Count => _occupied;

    /// <summary>Bytes the records take in the chunks.</summary>
    public long Bytes => _chunks.Take(_chunks.Count - 1).Sum(c => (long)c.Length) + _used;

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
        var length = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset + 8));
        if (length < 0) return;
        // A delete only marks the record, but a later write may reuse its room: the bytes are kept for a revert as for an overwrite.
        if (_open > 0) LogOverwrite(_slots[slot], chunk.AsSpan(offset + Header + BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset))), length);
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
                if (_open > 0) LogOverwrite(_slots[slot], chunk.AsSpan(offset + Header + keyLength),
                    BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset + 8)));
                BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(offset + 8), value.Length);
                value.CopyTo(chunk.AsSpan(offset + Header + keyLength));
                return;
            }

            // A value that outgrows its room moves to a new record with twice the room, so a growing list moves only log n times.
            // The old record stays as it was: taking the write back points the key at it again.
            var moved = Append(key.Span, value, Math.Max(value.Length, 2 * capacity));
            if (_open > 0) Log(new Undo(UndoKind.Moved, moved, 0, _slots[slot], hash));
            _slots[slot] = moved;
            return;
        }

        _slots[slot] = Append(key.Span, value, value.Length);
        _hashes[slot] = hash;
        // A new key is taken back by deleting it (a deleted record reads as absent, as a key never written does).
        if (_open > 0) Log(new Undo(UndoKind.Length, _slots[slot], -1, 0, 0));
        if (++_occupied * 10 > _slots.Length * 6) Grow();
    }

    public int Checkpoint()
    {
        _open++;
        return _undoCount;
    }

    public void Keep(int checkpoint)
    {
        Close(checkpoint);
        if (_open == 0) _undoCount = _undoBytesUsed = 0;
    }

    public void Revert(int checkpoint)
    {
        Close(checkpoint);
        for (var i = _undoCount - 1; i >= checkpoint; i--)
        {
            var u = _undo[i];
            switch (u.Kind)
            {
                case UndoKind.Length:
                    SetLength(u.Record, u.Length);
                    break;
                case UndoKind.Bytes:
                    var (chunk, offset) = At(u.Record);
                    var keyLength = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset));
                    _undoBytes.AsSpan((int)u.Offset, u.Length).CopyTo(chunk.AsSpan(offset + Header + keyLength));
                    SetLength(u.Record, u.Length);
                    _undoBytesUsed = (int)u.Offset;
                    break;
                case UndoKind.Moved:
                    var (c, o) = At(u.Record);
                    var slot = Find(c.AsSpan(o + Header, BinaryPrimitives.ReadInt32LittleEndian(c.AsSpan(o))), (int)u.Offset);
                    _slots[slot] = u.Previous;
                    break;
            }
        }

        _undoCount = checkpoint;
        if (_open == 0) _undoCount = _undoBytesUsed = 0;
    }

    private void Close(int checkpoint)
    {
        if (_open == 0 || checkpoint > _undoCount) throw new InvalidOperationException("no such checkpoint is open on this state");
        _open--;
    }

    private void LogOverwrite(long record, ReadOnlySpan<byte> value, int length)
    {
        if (length <= 0)
        {
            Log(new Undo(UndoKind.Length, record, length, 0, 0));
            return;
        }

        if (_undoBytesUsed + length > _undoBytes.Length) Array.Resize(ref _undoBytes, Math.Max(_undoBytes.Length * 2, _undoBytesUsed + length));
        value[..length].CopyTo(_undoBytes.AsSpan(_undoBytesUsed));
        Log(new Undo(UndoKind.Bytes, record, length, 0, _undoBytesUsed));
        _undoBytesUsed += length;
    }

    private void Log(Undo undo)
    {
        if (_undoCount == _undo.Length) Array.Resize(ref _undo, _undo.Length * 2);
        _undo[_undoCount++] = undo;
    }

    private void SetLength(long record, int length)
    {
        var (chunk, offset) = At(record);
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(offset + 8), length);
    }

    private long Append(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int capacity)
    {
        var size = Header + key.Length + capacity;
        if (_used + size > _chunks[^1].Length)
        {
            _chunks.Add(new byte[Math.Max(_chunkBytes, size)]);
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

    private (byte[] Chunk, int Offset) Record(int slot) => At(_slots[slot]);

    private (byte[] Chunk, int Offset) At(long record)
    {
        var reference = record - 1;
        return (_chunks[(int)(reference >> 32)], (int)(reference & 0xFFFF_FFFF));
    }

    /// <summary>The slot holding <paramref name="key"/>, or the empty slot where it would go (linear probing).</summary>
    private int Find(StateKey key, int hash) => Find(key.Span, hash);

    private int Find(ReadOnlySpan<byte> key, int hash)
    {
        var mask = _slots.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            if (_slots[i] == 0) return i;
            if (_hashes[i] != hash) continue;
            var (chunk, offset) = Record(i);
            var keyLength = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset));
            if (chunk.AsSpan(offset + Header, keyLength).SequenceEqual(key)) return i;
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

    private enum UndoKind : byte
    {
        Length, // the record's value length was Length (−1: absent); its bytes are unchanged
        Bytes, // the record held Length bytes, now at Offset in the undo buffer
        Moved, // the key's slot pointed at Previous (Offset: the key's hash)
    }

    private readonly record struct Undo(UndoKind Kind, long Record, int Length, long Previous, long Offset);
}
