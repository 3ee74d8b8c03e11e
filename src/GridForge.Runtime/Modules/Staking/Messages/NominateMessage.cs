using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Backs up to <c>staking.max_nominations</c> validators with the sender's active stake (replacing any intent to
/// validate); duplicate targets count once.</summary>
public sealed record NominateMessage(IReadOnlyList<Address> Targets) : IMessage
{
    public const ushort TypeId = 6;

    /// <summary>The most targets the wire form carries; the parameter may allow fewer.</summary>
    public const int MaxTargets = 64;

    public byte Module => ModuleIds.Staking;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer)
    {
        writer.U32((uint)Targets.Count);
        foreach (var t in Targets) writer.Address(t);
    }

    public static IMessage Decode(ref CanonicalReader reader)
    {
        var count = reader.U32("target count");
        if (count > MaxTargets)
        {
            reader.Fail($"at most {MaxTargets} targets");
            return new NominateMessage([]);
        }

        var targets = new List<Address>((int)count);
        for (var i = 0; i < count && reader.Ok; i++) targets.Add(reader.Address("target"));
        return new NominateMessage(targets);
    }
}
