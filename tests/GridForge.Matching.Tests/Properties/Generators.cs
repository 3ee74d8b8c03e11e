using CsCheck;
using GridForge.Matching.Tests.Model;

namespace GridForge.Matching.Tests.Properties;

/// <summary>CsCheck generators for grids and command lists; ids come from a small range so that duplicates and stale ids are common.</summary>
public static class Generators
{
    public static readonly Gen<GridSpec> Grid =
        Gen.Select(
            Gen.Int[1, 3],
            Gen.Select(Gen.Bool, Gen.Long[0, 4], Gen.Long[0, 20], Gen.Long[0, 20]).Array[3],
            Gen.Long[0, 8],
            Gen.OneOf(0L, 500L, 2_000L))
        .Select((zones, links, localFee, congestion) => new GridSpec(
            Enumerable.Range(0, zones).Select(z => "Z" + z).ToList(),
            new[] { (0, 1), (0, 2), (1, 2) }
                .Select((pair, i) => (pair, link: links[i]))
                .Where(x => x.pair.Item2 < zones && x.link.Item1)
                .Select(x => new LinkSpec(x.pair.Item1, x.pair.Item2, x.link.Item2, x.link.Item3, x.link.Item4))
                .ToList(),
            localFee,
            congestion,
            StreamGenerator.PriceLimit));

    private static readonly Gen<OrderRequest> Order =
        Gen.Select(
            Gen.Long[1, 40],
            Gen.Long[1, 3],
            Gen.Bool,
            Gen.OneOf(OrderKind.LimitGtc, OrderKind.LimitGtc, OrderKind.LimitIoc, OrderKind.LimitFok, OrderKind.Market),
            Gen.Int[-1, 3],
            Gen.Long[-35, 35],
            Gen.Long[-1, 12])
        .Select((id, account, buy, kind, zone, price, quantity) => new OrderRequest(
            new OrderId(id), new AccountId(account), buy ? Side.Buy : Side.Sell, kind, new ZoneIndex(zone), price, quantity));

    public static readonly Gen<Command> Command = Gen.Frequency(
        (6, Order.Select(Model.Command.Submit)),
        (3, Gen.Select(Gen.Long[1, 40], Gen.Long[-35, 35].Nullable(), Gen.Long[-1, 15].Nullable())
            .Select((id, price, quantity) => Model.Command.Amend(id, price, quantity))),
        (2, Gen.Long[1, 40].Select(Model.Command.Cancel)),
        (0, Gen.Const(Model.Command.CloseGate())));

    public static readonly Gen<(GridSpec Grid, Command[] Commands)> Stream = Gen.Select(Grid, Command.Array[1, 120]);
}
