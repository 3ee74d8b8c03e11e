using GridForge.Chain;
using GridForge.Core.Primitives;
using GridForge.Runtime;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Transactions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridForge.Node.Api;

/// <summary>Meters, readings and energy balances under <c>/api/v1</c>, and the submission path for batches of
/// signed readings that checks the readings' signatures in parallel before admission.</summary>
public static class MeteringEndpoints
{
    /// <summary>A meter's registry record and where its registers stand.</summary>
    public sealed record MeterResponse(string Id, string Owner, string Zone, string Kind, string Technology, long RatedPowerW, string Status,
        string Serial, long? LastSlot, long ImportRegister, long ExportRegister);

    /// <summary>An accepted reading of one slot, in Wh.</summary>
    public sealed record ReadingResponse(string Meter, long Slot, long Imported, long Exported, long ImportRegister, long ExportRegister);

    /// <summary>An account's energy in one slot, in Wh.</summary>
    public sealed record EnergyBalanceResponse(string Account, long Slot, long Produced, long Consumed, long Bought, long Sold, long Delivered, long Imbalance);

    /// <summary>The most slots one balance listing may span.</summary>
    public const long MaxSlotRange = 10_000;

    public static void Map(IEndpointRouteBuilder app, ChainNode node)
    {
        var api = app.MapGroup("/api/v1");

        api.MapPost("/metering/readings", (SubmitBatchRequest request) =>
        {
            if (request.Txs is null || request.Txs.Count == 0) return Problems.BadRequest("txs must list at least one transaction");
            if (request.Txs.Count > 10_000) return Problems.BadRequest("at most 10,000 transactions per batch");
            var bytes = new byte[request.Txs.Count][];
            for (var i = 0; i < bytes.Length; i++)
            {
                var entry = FromHex(request.Txs[i]);
                if (entry is null) return Problems.Of(400, "malformed", "every entry of txs must be hexadecimal");
                bytes[i] = entry;
            }

            // Decoding in parallel; then the shared admission path checks every signature and admits in order.
            var decoded = new Transaction?[bytes.Length];
            var refused = new Rejection?[bytes.Length];
            Parallel.For(0, bytes.Length, i => decoded[i] = node.Runtime.Decode(bytes[i], node.State, out refused[i]));
            var admitted = ReadingsAdmission.Admit(node, [.. decoded.OfType<Transaction>()]);
            var results = new List<SubmitResponse>(bytes.Length);
            var next = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                var r = decoded[i] is null ? new SubmitResult(null, refused[i]) : admitted[next++];
                results.Add(new SubmitResponse(r.TxId?.ToString(), r.Accepted, r.Rejection?.Code, r.Rejection?.Message));
            }

            return Results.Ok(results);
        }).Produces<List<SubmitResponse>>()
            .WithSummary("Submit transactions carrying batches of signed meter readings; the readings' signatures are checked in parallel at admission. One " +
                "result per transaction, in order.");

        api.MapGet("/meters", (string? owner, ReadState state) =>
        {
            if (owner is null)
            {
                return Results.Ok(MeteringQueries.Meters(state).Select(m => ToResponse(state, m)).ToList());
            }

            if (!Address.TryParse(owner, out var a, out var error)) return Problems.InvalidAddress(error);
            return Results.Ok(MeteringQueries.MetersOf(state, a).Select(id => ToResponse(state, MeteringQueries.Meter(state, id)!)).ToList());
        }).Produces<List<MeterResponse>>()
            .WithSummary("Every registered meter (active and retired), or an account's active meters with ?owner=grid1…");

        api.MapGet("/meters/{id}", (string id, ReadState state) =>
        {
            if (!MeterId.TryParse(id, out var meter, out var error)) return Problems.Of(400, "invalid_meter", error!);
            var record = MeteringQueries.Meter(state, meter);
            return record is null ? Problems.NotFound($"no meter {id} is registered") : Results.Ok(ToResponse(state, record));
        }).Produces<MeterResponse>()
            .WithSummary("A meter's registry record and its registers after its latest accepted reading.");

        api.MapGet("/meters/{id}/readings/{slot}", (string id, long slot, ReadState state) =>
        {
            if (!MeterId.TryParse(id, out var meter, out var error)) return Problems.Of(400, "invalid_meter", error!);
            return MeteringQueries.Reading(state, meter, new SlotId(slot)) is { } r
                ? Results.Ok(new ReadingResponse(id, slot, r.Imported.Value, r.Exported.Value, r.ImportRegister.Value, r.ExportRegister.Value))
                : Problems.NotFound($"meter {id} has no accepted reading for slot {slot}");
        }).Produces<ReadingResponse>()
            .WithSummary("A meter's accepted reading of one slot.");

        api.MapGet("/energy/{address}/{slot}", (string address, long slot, ReadState state) =>
        {
            if (!Address.TryParse(address, out var a, out var error)) return Problems.InvalidAddress(error);
            return Results.Ok(ToResponse(a, new SlotId(slot), MeteringQueries.EnergyBalance(state, a, new SlotId(slot))));
        }).Produces<EnergyBalanceResponse>()
            .WithSummary("An account's energy balance in one slot (zeros when nothing was metered or traded).");

        api.MapGet("/energy/{address}", (string address, long from, long to, ReadState state) =>
        {
            if (!Address.TryParse(address, out var a, out var error)) return Problems.InvalidAddress(error);
            if (from < 0 || to < from || to - from >= MaxSlotRange) return Problems.BadRequest(
                $"from and to are slots with 0 ≤ from ≤ to < from + {MaxSlotRange}");
            var list = new List<EnergyBalanceResponse>();
            for (var s = from; s <= to; s++)
            {
                var balance = MeteringQueries.EnergyBalance(state, a, new SlotId(s));
                if (balance != default) list.Add(ToResponse(a, new SlotId(s), balance));
            }

            return Results.Ok(list);
        }).Produces<List<EnergyBalanceResponse>>()
            .WithSummary("An account's non-zero energy balances for the slots from..to (inclusive), in slot order.");
    }

    private static MeterResponse ToResponse(Runtime.State.IState state, MeterRecord m)
    {
        var registers = MeteringQueries.Registers(state, m.Id);
        return new MeterResponse(m.Id.ToString(), m.Owner.ToString(), m.Zone.Name, m.Kind.Name(), m.Technology.Name(), m.RatedPowerW, m.Status.Name(),
            m.Serial, registers.LastSlot?.Index, registers.Import.Value, registers.Export.Value);
    }

    private static EnergyBalanceResponse ToResponse(Address a, SlotId slot, EnergyBalance b) =>
        new(a.ToString(), slot.Index, b.Produced.Value, b.Consumed.Value, b.Bought.Value, b.Sold.Value, b.Delivered.Value, b.Imbalance.Value);

    private static byte[]? FromHex(string? hex)
    {
        if (string.IsNullOrEmpty(hex) || hex.Length % 2 != 0) return null;
        var bytes = new byte[hex.Length / 2];
        return Convert.FromHexString(hex, bytes, out _, out _) == System.Buffers.OperationStatus.Done ? bytes : null;
    }
}
