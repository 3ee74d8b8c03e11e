using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Messages;

/// <summary>⟨PROPOSAL, h, round, v, validRound⟩ of Algorithm 1, with the value by its id (the value travels beside it).</summary>
public readonly record struct Proposal(ulong Height, int Round, Hash32 ValueId, int ValidRound)
{
    public const string SignDomain = "gridforge proposal";

    /// <summary>SHA-256("gridforge proposal" 0x00 ‖ chain id ‖ height ‖ round ‖ value id ‖ valid round).</summary>
    public Hash32 SignBytes(string chainId)
    {
        var w = new CanonicalWriter(96);
        w.String(chainId);
        Encode(w);
        return Hashing.Domain(SignDomain, w.WrittenSpan);
    }

    public void Encode(CanonicalWriter w) => w.U64(Height).U32((uint)Round).Hash(ValueId).I64(ValidRound);

    public static Proposal Decode(ref CanonicalReader r)
    {
        var height = r.U64("height");
        var round = r.U32("round");
        var value = r.Hash("value id");
        var validRound = r.I64("valid round");
        if (round > int.MaxValue) r.Fail($"round {round} is out of range");
        if (validRound < -1 || validRound >= round) r.Fail($"valid round {validRound} is not in -1 … round − 1");
        return new Proposal(height, (int)Math.Min(round, int.MaxValue), value, (int)Math.Clamp(validRound, -1, int.MaxValue));
    }

    public override string ToString() => $"proposal h{Height} r{Round} {ValueId.ToString()[..12]} vr{ValidRound}";
}
