using GridForge.Core.Encoding;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>An account's bonded GRID: the active part (what backs validators and weighs votes) and the chunks being
/// unbonded, oldest first. All of it is reserved in the Tokens module, so none of it can be transferred.</summary>
public sealed record StakingLedger(ulong Active, IReadOnlyList<UnlockChunk> Unlocking)
{
    public static readonly StakingLedger Empty = new(0, []);

    /// <summary>Everything this ledger holds reserved: active plus unlocking.</summary>
    public ulong Total => Unlocking.Aggregate(Active, (sum, c) => checked(sum + c.Amount));

    public ulong UnlockingTotal => Unlocking.Aggregate(0UL, (sum, c) => checked(sum + c.Amount));

    public bool IsEmpty => Active == 0 && Unlocking.Count == 0;

    public byte[] Encode()
    {
        var w = new CanonicalWriter(12 + (Unlocking.Count * 16));
        w.U64(Active).U32((uint)Unlocking.Count);
        foreach (var c in Unlocking) w.U64(c.Amount).U64(c.Era);
        return w.ToArray();
    }

    public static StakingLedger Decode(byte[]? raw)
    {
        if (raw is null) return Empty;
        var r = new CanonicalReader(raw);
        var active = r.U64("active");
        var count = r.U32("chunks");
        var chunks = new List<UnlockChunk>((int)Math.Min(count, 4_096));
        for (var i = 0; i < count && r.Ok; i++) chunks.Add(new UnlockChunk(r.U64("amount"), r.U64("era")));
        r.End("staking ledger");
        return r.Ok ? new StakingLedger(active, chunks) : throw new InvalidOperationException($"corrupt staking ledger: {r.Error}");
    }
}
