using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>What the disputes module needs to know of a subject, whatever its kind: its two parties, whether (and when)
/// it settled, and the most money it could ever move between them (the bound of a claim).</summary>
internal readonly record struct SubjectFacts(Address PartyA, Address PartyB, bool Settled, long SettledAt, ulong ClaimBound)
{
    /// <summary>The other party, or null when <paramref name="party"/> is not one.</summary>
    public Address? Other(Address party) => party == PartyA ? PartyB : party == PartyB ? PartyA : null;
}
