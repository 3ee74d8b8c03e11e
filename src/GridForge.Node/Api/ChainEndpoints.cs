using System.Text.Json;
using GridForge.Chain;
using GridForge.Chain.Blocks;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Api;

/// <summary>The chain's REST endpoints under <c>/api/v1</c>: submit, transaction status, accounts and proofs, blocks, status.</summary>
public static class ChainEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ChainNode node, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var api = app.MapGroup("/api/v1");

        api.MapPost("/transactions", (SubmitRequest request) =>
        {
            if (!TryHex(request.Tx, out var bytes)) return Problems.Of(400, "malformed", "tx must be the transaction's bytes in hexadecimal");
            var result = node.Submit(bytes);
            return result.Accepted
                ? Results.Accepted($"/api/v1/transactions/{result.TxId}", ToResponse(result))
                : Problems.Rejected(result.Rejection!);
        }).Produces<SubmitResponse>(StatusCodes.Status202Accepted)
            .WithSummary("Submit one signed transaction (hex); 202 when admitted to the mempool, problem details with the rejection code otherwise.");

        api.MapPost("/transactions/simulate", (SimulateRequest request, ReadState state) =>
        {
            if (!TryHex(request.Tx, out var bytes)) return Problems.Of(400, "malformed", "tx must be the transaction's bytes in hexadecimal");
            if (node.Runtime.Decode(bytes, state, out var undecodable) is not { } tx) return Problems.Rejected(undecodable!);
            return Results.Ok(TransactionSimulator.Run(node, state, tx, request.Unsigned != true, clock.GetUtcNow().ToUnixTimeSeconds()));
        }).Produces<SimulateResponse>()
            .WithSummary("Run a transaction as the next block would, on a copy of the latest durable state, and keep nothing: included or not, success with " +
                "its events or the refusal's code and sentence, and the fee it would pay.");

        api.MapPost("/transactions/batch", (SubmitBatchRequest request) =>
        {
            if (request.Txs is null || request.Txs.Count == 0) return Problems.BadRequest("txs must list at least one transaction");
            if (request.Txs.Count > 10_000) return Problems.BadRequest("at most 10,000 transactions per batch");
            var decoded = new List<byte[]>(request.Txs.Count);
            foreach (var hex in request.Txs)
            {
                if (!TryHex(hex, out var b)) return Problems.Of(400, "malformed", "every entry of txs must be hexadecimal");
                decoded.Add(b);
            }

            return Results.Ok(node.SubmitBatch(decoded).Select(ToResponse).ToList());
        }).Produces<List<SubmitResponse>>()
            .WithSummary("Submit many signed transactions; each gets its own result, in order.");

        api.MapPost("/transactions/binary-batch", async (HttpRequest request) =>
        {
            // A gateway's bulk path: the body is the transactions back to back, each as u32 little-endian
            // length + bytes, sparing the JSON and hex of the other batch endpoint. The body is read into a pooled
            // buffer (no large-object garbage per request); each transaction is copied out once.
            var (buffer, size) = await ReadBody(request).ConfigureAwait(false);
            var txs = new List<byte[]>();
            try
            {
                var data = buffer.AsSpan(0, size);
                var offset = 0;
                while (offset < data.Length)
                {
                    if (data.Length - offset < 4) return Problems.Of(400, "malformed", $"a length prefix is cut short at byte {offset}");
                    var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
                    offset += 4;
                    if (length > (uint)(data.Length - offset)) return Problems.Of(400, "malformed",
                        $"transaction {txs.Count} claims {length} bytes, {data.Length - offset} remain");
                    txs.Add(data.Slice(offset, (int)length).ToArray());
                    offset += (int)length;
                    if (txs.Count > 10_000) return Problems.BadRequest("at most 10,000 transactions per batch");
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }

            if (txs.Count == 0) return Problems.BadRequest("the body holds no transaction");
            var results = node.SubmitBatch(txs);
            var rejected = results.Select((r, i) => (r, i)).Where(x => !x.r.Accepted)
                .Select(x => new BatchRejection(x.i, x.r.TxId?.ToString(), x.r.Rejection!.Code, x.r.Rejection.Message)).ToList();
            return Results.Ok(new BinaryBatchResponse(results.Count - rejected.Count, rejected));
        }).Accepts<byte[]>("application/octet-stream")
          .Produces<BinaryBatchResponse>()
            .WithSummary("Submit many signed transactions as binary (each a u32 little-endian length then its bytes); answers the count admitted and each " +
                "refusal by index.");

        api.MapGet("/transactions/{hash}", (string hash) =>
        {
            if (!Hash32.TryParse(hash, out var id)) return Problems.BadRequest("a transaction hash is 64 hexadecimal characters");
            var status = node.GetTxStatus(id);
            if (status.State == TxStatus.Unknown) return Problems.NotFound($"transaction {hash} is unknown to this node");
            var c = status.Committed;
            return Results.Ok(new TxStatusResponse(hash, status.State, c?.Height, c?.Index, c is null ? null : c.Code is null,
                c?.Code ?? status.Rejection?.Code, c?.Message ?? status.Rejection?.Message,
                c is null ? null : JsonDocument.Parse(c.EventsJson).RootElement.Clone()));
        }).Produces<TxStatusResponse>()
            .WithSummary("A transaction's status: pending, committed at a height (with its outcome), or rejected with a code.");

        api.MapGet("/accounts/{address}", (string address, ReadState state) =>
        {
            if (!Address.TryParse(address, out var a, out var error)) return Problems.InvalidAddress(error);
            var grid = TokensQueries.Balance(state, a, Token.Grid);
            var watt = TokensQueries.Balance(state, a, Token.Watt);
            return Results.Ok(new AccountResponse(a.ToString(), AuthQueries.NextNonce(state, a), new TokenBalance(grid.Free, grid.Reserved),
                new TokenBalance(watt.Free, watt.Reserved), state.Height, node.NextNonceAfterWaiting(a)));
        }).Produces<AccountResponse>()
            .WithSummary("Balances (free and reserved, µ-units) and the next nonce of an account: in the state at the height, and after its transactions " +
                "waiting in this node's mempool (pendingNonce, the one to sign with).");

        api.MapGet("/accounts/{address}/proof", (string address, string? token) =>
        {
            if (!Address.TryParse(address, out var a, out var error)) return Problems.InvalidAddress(error);
            if (!TokenNames.TryParse(token ?? "WATT", out var t)) return Problems.BadRequest("token must be GRID or WATT");
            var key = TokensQueries.BalanceProofKey(a, t);
            var (value, proof, root, height) = node.Prove(key);
            var balance = Balance.Decode(value);
            return Results.Ok(new ProofResponse(a.ToString(), t.Name(), Convert.ToHexStringLower(key.Bytes),
                value is null ? null : Convert.ToHexStringLower(value), balance.Free, balance.Reserved, height, root.ToString(),
                Core.Crypto.Hashing.Sha256(key.Span).ToString(), value is null ? null : Core.Crypto.Hashing.Sha256(value).ToString(),
                proof.Siblings.Select(s => s.ToString()).ToList(), proof.LeafKey?.ToString(), proof.LeafValueHash?.ToString()));
        }).Produces<ProofResponse>()
            .WithSummary("An account's balance of a token with a sparse-Merkle proof against the latest block's state root.");

        api.MapGet("/blocks/{id}", (string id) =>
        {
            Block? block = id == "latest" ? (node.Height == 0 ? null : node.GetBlock(node.Height))
                : ulong.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var h) ? Published(node, h)
                : Hash32.TryParse(id, out var hash) ? node.GetBlock(hash)
                : null;
            return block is null ? Problems.NotFound($"no block '{id}' (use a height, a block hash or 'latest')") : Results.Ok(ToResponse(block));
        }).Produces<BlockResponse>()
            .WithSummary("A block by height, by hash, or 'latest'.");

        api.MapGet("/blocks/{height}/events", (ulong height) =>
            height == 0 || height > node.Height
                ? Problems.NotFound($"no block at height {height}")
                : Results.Text(node.GetBlockEvents(height), "application/json"))
            .Produces<List<EventResponse>>()
            .WithSummary("The events of a block's end-of-block hooks (settlement, expiry, eras), as a JSON array.");

        api.MapGet("/blocks/{height}/transactions", (ulong height) =>
        {
            if (Published(node, height) is not { } block) return Problems.NotFound($"no block at height {height}");
            return Results.Ok(block.Transactions.Select((t, i) =>
            {
                var outcome = node.GetTxStatus(t.Id).Committed;
                return new BlockTransactionResponse(t.Id.ToString(), i, t.Sender.ToString(), t.Nonce, t.Fee, t.ExpiryHeight,
                    node.Runtime.Registry.NameOf(t.Message.Module, t.Message.Type), outcome is null ? null : outcome.Code is null, outcome?.Code);
            }).ToList());
        }).Produces<List<BlockTransactionResponse>>()
            .WithSummary("A block's transactions in order: hash, sender, nonce, fee, expiry, the message's name, and whether it succeeded (its code when " +
                "refused).");

        var streams = EventStreams.For(node);
        api.MapGet("/stream/blocks", (HttpContext context, CancellationToken _) =>
        {
            return streams.ServeAsync(context, EventStreams.Topic.Block, 256, "gridforge block stream");
        }).Streams(OpenApiContract.BlockStreamDescription)
          .WithSummary("Server-Sent Events: one `block` event per committed block with its transactions' outcomes and all events.");

        api.MapGet("/status", (ReadState state) =>
        {
            var head = state.Header;
            return Results.Ok(new StatusResponse(node.ChainId, node.Runtime.IsDevChain, state.Height, head?.Hash().ToString(), head?.Time,
                state.Root.ToString(), node.MempoolCount, node.GenesisHash.ToString(),
                AuthQueries.Validators(state).Members.Select(v => v.Address.ToString()).ToList(),
                (ulong)TokensModule.MinFee.Get(state)));
        }).Produces<StatusResponse>()
            .WithSummary("Chain id, the height of the latest durable block and its state, mempool size and validators.");
    }

    /// <summary>The block at <paramref name="height"/> once it is published; null above the published height (any u64 asks safely).</summary>
    private static Block? Published(ChainNode node, ulong height) => height == 0 || height > node.Height ? null : node.GetBlock(height);

    private static SubmitResponse ToResponse(SubmitResult r) =>
        new(r.TxId?.ToString(), r.Accepted, r.Rejection?.Code, r.Rejection?.Message);

    public static HeaderResponse ToResponse(BlockHeader h) =>
        new(h.ChainId, h.Height, h.Time, h.Hash().ToString(), h.PreviousHash.ToString(), h.TransactionsRoot.ToString(), h.StateRoot.ToString(),
            h.Proposer.ToString(), h.ValidatorSetHash.ToString(), h.LastCommitHash.ToString(), h.EvidenceHash.ToString());

    private static BlockResponse ToResponse(Block b) =>
        new(ToResponse(b.Header), b.Transactions.Select(t => t.Id.ToString()).ToList(), b.LastCommit?.Signatures.Count ?? 0, b.Evidence.Count);

    private static bool TryHex(string? hex, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(hex) || hex.Length % 2 != 0) return false;
        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The request body in a buffer rented from the shared pool (the caller returns it) and its length.</summary>
    private static async Task<(byte[] Buffer, int Size)> ReadBody(HttpRequest request)
    {
        var size = 0;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Clamp(request.ContentLength ?? 65_536, 1, 1 << 26));
        while (true)
        {
            if (size == buffer.Length)
            {
                var larger = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, size).CopyTo(larger);
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(size)).ConfigureAwait(false);
            if (read == 0) return (buffer, size);
            size += read;
        }
    }
}
