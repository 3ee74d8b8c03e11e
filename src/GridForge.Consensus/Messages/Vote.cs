using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Messages;

/// <summary>A prevote or precommit for a value (its id) or for nil, at a height and round.</summary>
public readonly record struct Vote(VoteType Type, ulong Height, int Round, Hash32? ValueId)
{
    public const string SignDomain = "gridforge vote";

    public bool IsNil => ValueId is null;

    /// <summary>The 32 bytes a validator signs: SHA-256("gridforge vote" 0x00 ‖ chain id ‖ type ‖ height ‖ round ‖
    /// has value ‖ value id), so a signature is bound to one chain, height, round and type.</summary>
    public Hash32 SignBytes(string chainId)
    {
        var w = new CanonicalWriter(96);
        w.String(chainId);
        Encode(w);
        return Hashing.Domain(SignDomain, w.WrittenSpan);
    }

    public void Encode(CanonicalWriter w)
    {
        w.U8((byte)Type).U64(Height).U32((uint)Round).Bool(ValueId is not null);
        if (ValueId is { } id) w.Hash(id);
    }

    public static Vote Decode(ref CanonicalReader r)
    {
        var type = r.U8("vote type");
        if (type is not ((byte)VoteType.Prevote or (byte)VoteType.Precommit)) r.Fail($"unknown vote type {type}");
        var height = r.U64("height");
        var round = r.U32("round");
        if (round > int.MaxValue) r.Fail($"round {round} is out of range");
        Hash32? value = r.Bool("has value") ? r.Hash("value id") : null;
        return new Vote((VoteType)type, height, (int)Math.Min(round, int.MaxValue), value);
    }

    public override string ToString() =>
        $"{(Type == VoteType.Prevote ? "prevote" : "precommit")} h{Height} r{Round} {(ValueId is { } id ? id.ToString()[..12] : "nil")}";
}
