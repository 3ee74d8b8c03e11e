namespace GridForge.Network.Peers;

/// <summary>Exponential reconnect delay with jitter: 1 s, 2 s, 4 s … up to a ceiling, each between half and all of its
/// nominal value so that peers that lost each other at once do not redial in lockstep.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan ceiling)
{
    private int _failures;

    public int Failures => _failures;

    public TimeSpan Next()
    {
        var nominal = initial.TotalMilliseconds * Math.Pow(2, Math.Min(_failures, 20));
        nominal = Math.Min(nominal, ceiling.TotalMilliseconds);
        _failures++;
        return TimeSpan.FromMilliseconds(nominal * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    public void Reset() => _failures = 0;
}
