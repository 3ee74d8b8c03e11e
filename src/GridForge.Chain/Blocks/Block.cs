using GridForge.Consensus.Evidence;
using GridForge.Consensus.Messages;
using GridForge.Core.Encoding;
using GridForge.Core.Merkle;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Chain.Blocks;

/// <summary>A block: header, transactions (as their exact signed bytes), the previous block's commit and evidence of
/// misbehaviour (conflicting signed votes). It is what consensus decides: its id is its header's hash, and the header
/// commits to the transactions, the last commit and the evidence.</summary>
public sealed record Block(BlockHeader Header, IReadOnlyList<Transaction> Transactions, Commit? LastCommit,
    IReadOnlyList<DuplicateVoteEvidence> Evidence) : IConsensusValue
{
    /// <summary>Most pieces of evidence one block carries.</summary>
    public const int MaxEvidence = Runtime.Execution.BlockExecutor.MaxEvidence;

    /// <summary>The block hash: <see cref="BlockHeader.Hash"/>.</summary>
    public Hash32 Hash() => Header.Hash();

    public Hash32 Id => Hash();

    public static Hash32 TransactionsRoot(IReadOnlyList<Transaction> txs) => MerkleList.Root(txs.Select(t => t.Id).ToArray());

    /// <summary>The Merkle root of the evidence hashes, in the block's order (all zero for none).</summary>
    public static Hash32 EvidenceRoot(IReadOnlyList<DuplicateVoteEvidence> evidence) => MerkleList.Root(evidence.Select(e => e.Hash()).ToArray());

    /// <summary>The body: transactions, last commit and evidence, each length-prefixed.</summary>
    public byte[] EncodeBody()
    {
        var w = new CanonicalWriter(64);
        EncodeBody(w);
        return w.ToArray();
    }

    /// <summary>Writes the body (transactions, last commit, evidence) into <paramref name="w"/>, sized first for the transactions.</summary>
    public void EncodeBody(CanonicalWriter w)
    {
        w.EnsureCapacity(w.Length + 64 + Transactions.Sum(t => t.Encoded.Length + 4) + (Evidence.Count * DuplicateVoteEvidence.MaxEncodedSize));
        w.U32((uint)Transactions.Count);
        foreach (var t in Transactions) w.Bytes(t.Encoded);
        w.Bool(LastCommit is not null);
        LastCommit?.Encode(w);
        w.U32((uint)Evidence.Count);
        foreach (var e in Evidence) w.Bytes(e.Encode());
    }

    public static Block Decode(byte[] header, byte[] body, MessageRegistry registry)
    {
        var hr = new CanonicalReader(header);
        var h = BlockHeader.Decode(ref hr);
        hr.End("block header");
        if (!hr.Ok) throw new InvalidDataException($"corrupt block header: {hr.Error}");

        var r = new CanonicalReader(body);
        var count = r.U32("transaction count");
        var txs = new List<Transaction>((int)Math.Min(count, 1_000_000));
        for (var i = 0; i < count && r.Ok; i++)
        {
            var bytes = r.Bytes(int.MaxValue, "transaction");
            if (!r.Ok) break;
            var tx = Transaction.Decode(bytes, registry, int.MaxValue, out var rejection)
                ?? throw new InvalidDataException($"block {h.Height} transaction {i}: {rejection}");
            txs.Add(tx);
        }

        Commit? last = null;
        if (r.Bool("has last commit")) last = Commit.Decode(ref r);
        var evidenceCount = r.U32("evidence count");
        if (evidenceCount > MaxEvidence) r.Fail($"{evidenceCount} pieces of evidence; at most {MaxEvidence}");
        var evidence = new List<DuplicateVoteEvidence>();
        for (var i = 0; i < evidenceCount && r.Ok; i++)
        {
            var bytes = r.Bytes(DuplicateVoteEvidence.MaxEncodedSize, "evidence");
            if (!r.Ok) break;
            evidence.Add(DuplicateVoteEvidence.Decode(bytes, out var error) ?? throw new InvalidDataException($"block {h.Height} evidence {i}: {error}"));
        }

        r.End("block body");
        if (!r.Ok) throw new InvalidDataException($"corrupt block body at height {h.Height}: {r.Error}");
        return new Block(h, txs, last, evidence);
    }
}
