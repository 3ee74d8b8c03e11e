using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>The arbitrators governance has chosen instead of the DSO: a ruling takes effect once <see cref="Threshold"/>
/// members have submitted the same one. Canonical form: u32 count, the addresses, u32 threshold.</summary>
public sealed record DisputeCouncil(IReadOnlyList<Address> Members, uint Threshold)
{
    public const int MaxMembers = 32;

    public void Encode(CanonicalWriter w)
    {
        w.U32((uint)Members.Count);
        foreach (var m in Members) w.Address(m);
        w.U32(Threshold);
    }

    public static DisputeCouncil Decode(ref CanonicalReader r)
    {
        var n = r.U32("council size");
        if (n > MaxMembers) r.Fail($"a council has at most {MaxMembers} members, not {n}");
        var members = new Address[r.Ok ? n : 0];
        for (var i = 0; i < members.Length && r.Ok; i++) members[i] = r.Address("council member");
        return new DisputeCouncil(members, r.U32("threshold"));
    }

    /// <summary>Null when the council can be set: no members and threshold 0 (back to the DSO), or 1 to
    /// <see cref="MaxMembers"/> distinct accounts with a threshold from 1 to their number.</summary>
    public static Rejection? Check(IReadOnlyList<Address> members, uint threshold)
    {
        if (members.Count == 0) return threshold == 0 ? null : Invalid($"an empty council (the DSO arbitrates) has threshold 0, not {threshold}");
        if (members.Count > MaxMembers) return Invalid($"a council has at most {MaxMembers} members, not {members.Count}");
        if (members.Contains(Address.None)) return Invalid("a council member cannot be the empty address");
        if (members.Distinct().Count() != members.Count) return Invalid("a council names each member once");
        return threshold < 1 || threshold > members.Count ? Invalid($"the threshold must be 1 to {members.Count} (the members), not {threshold}") : null;
    }

    private static Rejection Invalid(string sentence) => new(DisputesCodes.InvalidCouncil, sentence);

    public string Describe() => Members.Count == 0
        ? "dispute arbitrator: the DSO (no council)"
        : $"dispute council {string.Join(", ", Members)} ({Threshold} of {Members.Count} to rule)";
}
