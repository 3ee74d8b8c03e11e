using System.Globalization;

namespace GridForge.Matching.Replay;

/// <summary>Writes engine events and the final book as the one-object-per-line JSON of DESIGN §9.</summary>
internal sealed class ReplayWriter(TextWriter output, ReplayNames names)
{
    public void Write(in MatchEvent e)
    {
        switch (e.Kind)
        {
            case MatchEventKind.Trade:
                output.Write(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{{\"event\":\"trade\",\"buy\":{names.Json(e.BuyId)},\"sell\":{names.Json(e.SellId)},\"price\":{e.Price},\"quantity\":{e.Quantity},") +
                    string.Create(CultureInfo.InvariantCulture, $"\"fee\":{e.Fee}}}\n"));
                break;
            case MatchEventKind.Cancelled:
                output.Write($"{{\"event\":\"cancelled\",\"id\":{names.Json(e.Id)},\"reason\":\"{e.Reason.Code()}\"}}\n");
                break;
            default:
                Rejected(e.Id, e.Code);
                break;
        }
    }

    public void Rejected(OrderId id, RejectCode code) =>
        output.Write($"{{\"event\":\"rejected\",\"id\":{names.Json(id)},\"reason\":\"{code.Code()}\"}}\n");

    /// <summary>The last line: every zone's bids high to low and asks low to high, ties by arrival.</summary>
    public void Book(MatchingEngine engine)
    {
        output.Write("{\"event\":\"book\",\"bids\":[");
        Orders(engine, Side.Buy);
        output.Write("],\"asks\":[");
        Orders(engine, Side.Sell);
        output.Write("]}\n");
    }

    private void Orders(MatchingEngine engine, Side side)
    {
        var all = new List<RestingOrder>();
        for (var z = 0; z < engine.Grid.ZoneCount; z++)
        {
            all.AddRange(engine.GetRestingOrders(new ZoneIndex(z), side));
        }

        all.Sort((a, b) =>
        {
            var byPrice = side == Side.Buy ? b.Price.CompareTo(a.Price) : a.Price.CompareTo(b.Price);
            return byPrice != 0 ? byPrice : a.Arrival.CompareTo(b.Arrival);
        });
        for (var i = 0; i < all.Count; i++)
        {
            output.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"{(i == 0 ? "" : ",")}{{\"id\":{names.Json(all[i].Id)},\"price\":{all[i].Price},\"remaining\":{all[i].Remaining}}}"));
        }
    }
}
