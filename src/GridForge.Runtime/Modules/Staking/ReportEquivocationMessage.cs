using GridForge.Core.Crypto;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Staking;

/// <summary>Evidence that <see cref="Validator"/> signed precommits for two different blocks at one height and round: each
/// vote is a block hash and the validator's signature over its precommit bytes (<see cref="PrecommitVote"/>). Anyone may report.</summary>
public sealed record ReportEquivocationMessage(Address Validator, ulong Height, int Round, Hash32 FirstHash, byte[] FirstSignature, Hash32 SecondHash, byte[] SecondSignature) : IMessage
{
    public const ushort TypeId = 8;

    public byte Module => ModuleIds.Staking;

    public ushort Type => TypeId;

    public void Encode(CanonicalWriter writer) =>
        writer.Address(Validator).U64(Height).U32((uint)Round).Hash(FirstHash).Raw(FirstSignature).Hash(SecondHash).Raw(SecondSignature);

    public static IMessage Decode(ref CanonicalReader reader) => new ReportEquivocationMessage(
        reader.Address("validator"), reader.U64("height"), (int)Math.Min(reader.U32("round"), int.MaxValue),
        reader.Hash("first block hash"), reader.Raw(Ed25519.SignatureSize, "first signature").ToArray(),
        reader.Hash("second block hash"), reader.Raw(Ed25519.SignatureSize, "second signature").ToArray());
}
