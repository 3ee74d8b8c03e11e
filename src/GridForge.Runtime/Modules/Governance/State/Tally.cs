using GridForge.Core.Encoding;

namespace GridForge.Runtime.Modules.Governance;

/// <summary>Votes weighed by the voters' active bonds (µGRID), against the whole active bond of the chain.</summary>
public readonly record struct Tally(ulong Yes, ulong No, ulong Abstain, ulong TotalActive)
{
    public ulong Turnout => checked(Yes + No + Abstain);

    /// <summary>Turnout ≥ quorum (parts per million) of the total active bond.</summary>
    public bool ReachesQuorum(long quorumPpm) => (UInt128)Turnout * 1_000_000 >= (UInt128)TotalActive * (ulong)quorumPpm;

    /// <summary>Yes > threshold (parts per million) of yes + no.</summary>
    public bool ReachesThreshold(long thresholdPpm) => (UInt128)Yes * 1_000_000 > ((UInt128)Yes + No) * (ulong)thresholdPpm;

    public void Encode(CanonicalWriter w) => w.U64(Yes).U64(No).U64(Abstain).U64(TotalActive);

    public static Tally Decode(ref CanonicalReader r) => new(r.U64("yes"), r.U64("no"), r.U64("abstain"), r.U64("total active"));
}
