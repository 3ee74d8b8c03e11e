namespace GridForge.Network.Peers;

/// <summary>How much a peer has cost us lately: useless messages (duplicates, heights out of reach, refused transactions)
/// take points away, time gives them back (one point a second up to zero). A peer whose score falls to
/// <see cref="DisconnectBelow"/> is disconnected; garbage (what no honest node sends) disconnects at once.</summary>
public sealed class PeerScore
{
    public const long DisconnectBelow = -10_000;

    private readonly Lock _lock = new();
    private long _points;
    private long _at = Environment.TickCount64;

    public long Points
    {
        get
        {
            lock (_lock)
            {
                Recover();
                return _points;
            }
        }
    }

    /// <summary>Takes <paramref name="points"/> away; true when the peer should now be dropped.</summary>
    public bool Penalize(long points)
    {
        lock (_lock)
        {
            Recover();
            _points = Math.Max(long.MinValue / 2, _points - points);
            return _points <= DisconnectBelow;
        }
    }

    private void Recover()
    {
        var now = Environment.TickCount64;
        var seconds = (now - _at) / 1000;
        if (seconds <= 0) return;
        _at += seconds * 1000;
        _points = Math.Min(0, _points + seconds);
    }
}
