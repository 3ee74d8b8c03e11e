using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>What each seller's production meters in a zone exported in one slot, handed out to its trades in trade order
/// (meter by meter, in meter-id order), so that no Wh is delivered twice and delivered never exceeds metered export. The
/// meters are those that served the seller in that zone during the slot (<see cref="SettlementNeeds.IMetering.ServedBy"/>), so a meter
/// retired or moved since still delivers what it read. Allocations since a <see cref="Mark"/> can be taken back
/// (<see cref="Rewind"/>) when the trade they were for could not be settled.</summary>
internal sealed class SellerExports(IState state, SlotId slot, SettlementNeeds.IMetering metering)
{
    private readonly Dictionary<(Address, string), List<(MeterRecord Meter, long Left)>> _pools = [];
    private readonly List<(List<(MeterRecord Meter, long Left)> Pool, int Index, long Left)> _journal = [];

    public IReadOnlyList<ExportPiece> Allocate(Address seller, ZoneId zone, long wanted)
    {
        if (!_pools.TryGetValue((seller, zone.Name), out var pool))
        {
            pool = [];
            foreach (var (meter, reading) in metering.ServedBy(state, seller, zone, slot))
            {
                if (meter.Produces) pool.Add((meter, reading.Exported.Value));
            }

            _pools[(seller, zone.Name)] = pool;
        }

        var pieces = new List<ExportPiece>();
        for (var i = 0; i < pool.Count && wanted > 0; i++)
        {
            var take = Math.Min(pool[i].Left, wanted);
            if (take <= 0) continue;
            _journal.Add((pool, i, pool[i].Left));
            pool[i] = (pool[i].Meter, pool[i].Left - take);
            wanted -= take;
            pieces.Add(new ExportPiece(pool[i].Meter, take));
        }

        return pieces;
    }

    /// <summary>A point to <see cref="Rewind"/> to.</summary>
    public int Mark() => _journal.Count;

    /// <summary>Gives back every allocation made since <paramref name="mark"/>.</summary>
    public void Rewind(int mark)
    {
        for (var j = _journal.Count - 1; j >= mark; j--)
        {
            var (pool, i, left) = _journal[j];
            pool[i] = (pool[i].Meter, left);
        }

        _journal.RemoveRange(mark, _journal.Count - mark);
    }
}
