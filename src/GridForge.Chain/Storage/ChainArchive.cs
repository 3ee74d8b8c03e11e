using System.IO.Compression;
using GridForge.Chain.Blocks;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Transactions;

namespace GridForge.Chain.Storage;

/// <summary>A chain in one file, as <c>gridforge chain export</c> writes it: gzip over a canonical stream of the magic
/// <c>gridforge chain archive 1</c>, the genesis document, the block count, then each block's header, body, commit, results,
/// codes and end-of-block events (docs/architecture.md, "Chain archives"). Independent of the node's storage format, so that
/// a chain recorded by one version replays on the next (the module refactor's proof that behaviour did not change).</summary>
public sealed class ChainArchive : IRecordedChain
{
    public const string Magic = "gridforge chain archive 1";

    private readonly IReadOnlyList<(RecordedBlock Block, IReadOnlyList<string?> Codes)> _blocks;

    private ChainArchive(string genesisJson, IReadOnlyList<(RecordedBlock, IReadOnlyList<string?>)> blocks)
    {
        GenesisJson = genesisJson;
        _blocks = blocks;
    }

    public string? GenesisJson { get; }

    public ulong Height => (ulong)_blocks.Count;

    public RecordedBlock? Get(ulong height) => height >= 1 && height <= Height ? _blocks[(int)(height - 1)].Block : null;

    public IReadOnlyList<string?>? Codes(ulong height, IReadOnlyList<Hash32> txIds) =>
        height >= 1 && height <= Height && _blocks[(int)(height - 1)].Codes is { } codes && codes.Count == txIds.Count ? codes : null;

    /// <summary>Writes every block of <paramref name="chain"/> up to <paramref name="upTo"/> (default: its height); the
    /// registry decodes each block's transactions to find their codes.</summary>
    public static ulong Write(IRecordedChain chain, MessageRegistry registry, Stream output, ulong? upTo = null)
    {
        var genesis = chain.GenesisJson ?? throw new InvalidOperationException("there is no chain to export");
        var top = Math.Min(upTo ?? chain.Height, chain.Height);
        using var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        var w = new CanonicalWriter(1 << 16);
        w.String(Magic).String(genesis).U64(top);
        Flush(w, gzip);
        for (ulong height = 1; height <= top; height++)
        {
            var block = chain.Get(height) ?? throw new InvalidDataException($"block {height} is missing");
            var ids = Block.Decode(block.Header, block.Body, registry).Transactions.Select(t => t.Id).ToArray();
            var codes = chain.Codes(height, ids) ?? throw new InvalidDataException($"the results of block {height} are missing");
            w.Bytes(block.Header).Bytes(block.Body).Bytes(block.Commit).Bytes(block.Results).U32((uint)codes.Count);
            foreach (var code in codes) w.String(code ?? string.Empty);
            w.String(block.EndBlockEvents);
            Flush(w, gzip);
        }

        return top;
    }

    /// <summary>Reads an archive; a file that is not one, or is cut short, is refused with the reason.</summary>
    public static ChainArchive Read(Stream input)
    {
        using var gzip = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
        using var buffer = new MemoryStream();
        try
        {
            gzip.CopyTo(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"not a chain archive: {e.Message}");
        }

        var r = new CanonicalReader(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (r.String(64, "magic") != Magic || !r.Ok) throw new InvalidDataException($"not a chain archive (it does not start with '{Magic}')");
        var genesis = r.String(int.MaxValue, "genesis");
        var count = r.U64("block count");
        var blocks = new List<(RecordedBlock, IReadOnlyList<string?>)>();
        for (ulong n = 0; n < count && r.Ok; n++)
        {
            var header = r.Bytes(int.MaxValue, "header").ToArray();
            var body = r.Bytes(int.MaxValue, "body").ToArray();
            var commit = r.Bytes(int.MaxValue, "commit").ToArray();
            var results = r.Bytes(int.MaxValue, "results").ToArray();
            var codeCount = r.U32("code count");
            if (codeCount > r.Remaining) r.Fail($"{codeCount} codes in {r.Remaining} bytes");
            var codes = new List<string?>();
            for (var i = 0; i < codeCount && r.Ok; i++) codes.Add(r.String(256, "code") is { Length: > 0 } code ? code : null);
            var events = r.String(int.MaxValue, "end-of-block events");
            if (r.Ok) blocks.Add((new RecordedBlock(header, body, commit, results, events), codes));
        }

        r.End("chain archive");
        if (!r.Ok) throw new InvalidDataException($"corrupt chain archive after {blocks.Count} blocks: {r.Error}");
        return new ChainArchive(genesis, blocks);
    }

    private static void Flush(CanonicalWriter w, Stream to)
    {
        to.Write(w.WrittenSpan);
        w.Reset();
    }
}
