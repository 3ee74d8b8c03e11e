using GridForge.Chain.Blocks;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;
using Google.Protobuf;

namespace GridForge.Network;

/// <summary>Between the wire's messages and the chain's types. Decoding never throws: a message that does not decode is
/// garbage, and the caller gets null with the reason.</summary>
public static class Wire
{
    /// <summary>Wraps bytes the caller will not change again (no copy).</summary>
    public static ByteString Bytes(byte[] bytes) => UnsafeByteOperations.UnsafeWrap(bytes);

    public static Protocol.Block ToWire(Chain.Blocks.Block block) => new() { Header = Bytes(block.Header.Encode()), Body = Bytes(block.EncodeBody()) };

    public static Protocol.Block ToWire(byte[] header, byte[] body) => new() { Header = Bytes(header), Body = Bytes(body) };

    public static Chain.Blocks.Block? FromWire(Protocol.Block? block, MessageRegistry registry, out string? error)
    {
        error = null;
        if (block is null)
        {
            error = "no block";
            return null;
        }

        try
        {
            return Chain.Blocks.Block.Decode(block.Header.ToByteArray(), block.Body.ToByteArray(), registry);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or OverflowException or InvalidOperationException)
        {
            error = $"undecodable block: {e.Message}";
            return null;
        }
    }

    /// <summary>A block with its transactions by id (<c>CompactBlock</c>).</summary>
    public static Protocol.CompactBlock ToCompact(Chain.Blocks.Block block)
    {
        var ids = new byte[block.Transactions.Count * Hash32.Size];
        for (var i = 0; i < block.Transactions.Count; i++) block.Transactions[i].Id.CopyTo(ids.AsSpan(i * Hash32.Size));
        return new Protocol.CompactBlock { Header = Bytes(block.Header.Encode()), BodyWithoutTxs = Bytes((block with { Transactions = [] }).EncodeBody()),
            TxIds = Bytes(ids) };
    }

    /// <summary>A compact block's header, last commit and evidence (as a block without transactions) and its transactions'
    /// ids; null with the reason when it does not decode, lists more than <paramref name="maxTxs"/> ids, or lists ids whose
    /// root is not its header's transactions root.</summary>
    public static (Chain.Blocks.Block Shell, Hash32[] Ids)? FromCompact(Protocol.CompactBlock compact, MessageRegistry registry, int maxTxs, out string? error)
    {
        var shell = FromWire(new Protocol.Block { Header = compact.Header, Body = compact.BodyWithoutTxs }, registry, out error);
        if (shell is null) return null;
        if (shell.Transactions.Count != 0)
        {
            error = "a compact block whose body carries transactions";
            return null;
        }

        if (compact.TxIds.Length % Hash32.Size != 0 || compact.TxIds.Length / Hash32.Size > maxTxs)
        {
            error = $"a compact block listing {compact.TxIds.Length} bytes of ids (32 each, at most {maxTxs})";
            return null;
        }

        var ids = new Hash32[compact.TxIds.Length / Hash32.Size];
        for (var i = 0; i < ids.Length; i++) ids[i] = new Hash32(compact.TxIds.Span.Slice(i * Hash32.Size, Hash32.Size));
        if (Core.Merkle.MerkleList.Root(ids) != shell.Header.TransactionsRoot)
        {
            error = "a compact block whose ids are not its header's transactions";
            return null;
        }

        return (shell, ids);
    }

    public static Commit? CommitFromWire(ByteString bytes, out string? error)
    {
        var r = new CanonicalReader(bytes.Span);
        var commit = Commit.Decode(ref r);
        r.End("commit");
        error = r.Ok ? null : $"undecodable commit: {r.Error}";
        return r.Ok ? commit : null;
    }

    /// <summary>32 bytes as a hash, or null.</summary>
    public static Hash32? HashOf(ByteString bytes) => bytes.Length == Hash32.Size ? new Hash32(bytes.Span) : null;
}

/// <summary>Votes and proposals between the wire and the consensus core.</summary>
public static class ConsensusWire
{
    public static Protocol.SignedVote ToWire(GridForge.Consensus.Messages.SignedVote v) => new()
    {
        Type = v.Vote.Type == GridForge.Consensus.Messages.VoteType.Prevote ? Protocol.VoteType.Prevote : Protocol.VoteType.Precommit,
        Height = v.Vote.Height,
        Round = (uint)v.Vote.Round,
        ValueId = v.Vote.ValueId is { } id ? Wire.Bytes(id.ToArray()) : ByteString.Empty,
        Validator = Wire.Bytes(v.Validator.ToBytes()),
        Signature = Wire.Bytes(v.Signature),
    };

    /// <summary>The vote, or null when a field is out of range (garbage).</summary>
    public static GridForge.Consensus.Messages.SignedVote? FromWire(Protocol.SignedVote v)
    {
        var type = v.Type switch
        {
            Protocol.VoteType.Prevote => GridForge.Consensus.Messages.VoteType.Prevote,
            Protocol.VoteType.Precommit => GridForge.Consensus.Messages.VoteType.Precommit,
            _ => (GridForge.Consensus.Messages.VoteType)0,
        };
        if (type == 0 || v.Round > int.MaxValue || v.Validator.Length != Address.Size || v.Signature.Length != Core.Crypto.Ed25519.SignatureSize) return null;
        Hash32? value = v.ValueId.Length switch { 0 => null, Hash32.Size => new Hash32(v.ValueId.Span), _ => Hash32.Zero };
        if (value == Hash32.Zero) return null;
        return new GridForge.Consensus.Messages.SignedVote(new GridForge.Consensus.Messages.Vote(type, v.Height, (int)v.Round, value),
            new Address(v.Validator.Span), v.Signature.ToByteArray());
    }

    public static Protocol.SignedProposal ToWire(GridForge.Consensus.Messages.SignedProposal p) => new()
    {
        Height = p.Proposal.Height,
        Round = (uint)p.Proposal.Round,
        ValueId = Wire.Bytes(p.Proposal.ValueId.ToArray()),
        ValidRound = p.Proposal.ValidRound,
        Proposer = Wire.Bytes(p.Proposer.ToBytes()),
        Signature = Wire.Bytes(p.Signature),
    };

    public static GridForge.Consensus.Messages.SignedProposal? FromWire(Protocol.SignedProposal? p)
    {
        if (p is null || p.Round > int.MaxValue || p.ValidRound < -1 || p.ValidRound >= (long)p.Round || p.ValueId.Length != Hash32.Size
            || p.Proposer.Length != Address.Size || p.Signature.Length != Core.Crypto.Ed25519.SignatureSize) return null;
        return new GridForge.Consensus.Messages.SignedProposal(
            new GridForge.Consensus.Messages.Proposal(p.Height, (int)p.Round, new Hash32(p.ValueId.Span), p.ValidRound),
            new Address(p.Proposer.Span), p.Signature.ToByteArray());
    }
}
