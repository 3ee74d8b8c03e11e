using GridForge.Consensus.Messages;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;

namespace GridForge.Consensus.Signing;

/// <summary>The last message a validator signed (height, round, step, the signed bytes and the signature, and the
/// message itself), its lock state at that moment, and every vote it signed at that height (so a restarted validator
/// can send them again: the algorithm assumes a correct process's messages reach everyone). Written durably before the
/// signature leaves the process.</summary>
public sealed record SignState(ulong Height, int Round, SignStep Step, Hash32 SignBytes, byte[] Signature, Hash32? ValueId, int ValidRound, LockState Lock)
{
    public const int FormatVersion = 1;

    /// <summary>The votes signed at <see cref="Height"/>, oldest first (the validator's own write-ahead log).</summary>
    public IReadOnlyList<SignedVote> HeightVotes { get; init; } = [];

    /// <summary>The prevotes (of any validator) that justify the locked and the valid value: their polkas. A validator
    /// that comes back locked must be able to show others why, or a lock made on votes only it had received would
    /// keep it from every other value for ever.</summary>
    public IReadOnlyList<SignedVote> Polka { get; init; } = [];

    /// <summary>Height, round and step compared in that order: the guard only ever moves forward.</summary>
    public int CompareTo(ulong height, int round, SignStep step)
    {
        var c = Height.CompareTo(height);
        if (c != 0) return c;
        c = Round.CompareTo(round);
        return c != 0 ? c : Step.CompareTo(step);
    }

    /// <summary>The vote this state records, when its step is a vote.</summary>
    public Vote? Vote => Step switch
    {
        SignStep.Prevote => new Vote(VoteType.Prevote, Height, Round, ValueId),
        SignStep.Precommit => new Vote(VoteType.Precommit, Height, Round, ValueId),
        _ => null,
    };

    /// <summary>The proposal this state records, when its step is a proposal.</summary>
    public Proposal? Proposal => Step == SignStep.Proposal && ValueId is { } id ? new Proposal(Height, Round, id, ValidRound) : null;

    public byte[] Encode()
    {
        var w = new CanonicalWriter(256);
        w.U8(FormatVersion).U64(Height).U32((uint)Round).U8((byte)Step).Hash(SignBytes).Raw(Signature);
        WriteOptional(w, ValueId);
        w.I64(ValidRound).I64(Lock.LockedRound);
        WriteOptional(w, Lock.LockedValue);
        w.I64(Lock.ValidRound);
        WriteOptional(w, Lock.ValidValue);
        w.U32((uint)HeightVotes.Count);
        foreach (var v in HeightVotes) v.Encode(w);
        w.U32((uint)Polka.Count);
        foreach (var v in Polka) v.Encode(w);
        return w.ToArray();
    }

    private static void WriteOptional(CanonicalWriter w, Hash32? value)
    {
        w.Bool(value is not null);
        if (value is { } v) w.Hash(v);
    }

    public static SignState Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new CanonicalReader(bytes);
        var version = r.U8("format");
        if (version != FormatVersion) throw new InvalidDataException($"sign state format {version} is not {FormatVersion}");
        var height = r.U64("height");
        var round = r.U32("round");
        var step = r.U8("step");
        var signBytes = r.Hash("sign bytes");
        var signature = r.Raw(Core.Crypto.Ed25519.SignatureSize, "signature").ToArray();
        var valueId = ReadOptional(ref r);
        var validRound = r.I64("valid round");
        var lockedRound = r.I64("locked round");
        var lockedValue = ReadOptional(ref r);
        var lockValidRound = r.I64("lock valid round");
        var validValue = ReadOptional(ref r);
        var votes = ReadVotes(ref r);
        var polka = ReadVotes(ref r);
        r.End("sign state");
        if (!r.Ok) throw new InvalidDataException($"corrupt sign state: {r.Error}");
        if (round > int.MaxValue || step is < 1 or > 3) throw new InvalidDataException("corrupt sign state: round or step out of range");
        return new SignState(height, (int)round, (SignStep)step, signBytes, signature, valueId, checked((int)validRound),
            new LockState(checked((int)lockedRound), lockedValue, checked((int)lockValidRound), validValue))
        {
            HeightVotes = votes,
            Polka = polka,
        };
    }

    private static List<SignedVote> ReadVotes(ref CanonicalReader r)
    {
        var count = r.U32("vote count");
        var votes = new List<SignedVote>();
        for (var i = 0; i < count && r.Ok && i < 1_000_000; i++) votes.Add(SignedVote.Decode(ref r));
        return votes;
    }

    private static Hash32? ReadOptional(ref CanonicalReader r) => r.Bool("has value") ? r.Hash("value") : null;
}
