namespace GridForge.Matching.Replay;

/// <summary>
/// <c>market replay</c>: runs one slot's order stream (JSON lines) through the matching engine alone and writes one
/// JSON object per event, then the final book (DESIGN §9).
/// </summary>
public static class MarketReplay
{
    /// <summary>
    /// Replays <paramref name="input"/> into <paramref name="output"/>. Without a grid: one zone <c>Z0</c>, local
    /// fee 0, the default price limit. Blank lines are skipped.
    /// </summary>
    /// <returns>Null on success; otherwise the malformed line, after which nothing more (not even the book) is written.</returns>
    public static ReplayFailure? Run(TextReader input, TextWriter output, MarketGrid? grid = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var zoneRequired = grid is not null;
        grid ??= MarketGrid.SingleZone();
        var engine = new MatchingEngine(grid);
        var names = new ReplayNames();
        var writer = new ReplayWriter(output, names);
        var number = 0;
        while (input.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var command = ReplayParser.Parse(line, zoneRequired, out var error);
            if (command is null)
            {
                return new ReplayFailure(number, error!);
            }

            var rejected = Execute(engine, names, command);
            if (rejected != RejectCode.None)
            {
                writer.Rejected(names.Order(command.Id), rejected);
                continue;
            }

            foreach (ref readonly var e in engine.Events)
            {
                writer.Write(in e);
            }
        }

        writer.Book(engine);
        return null;
    }

    /// <summary>Runs one command; returns a rejection the text found before the engine could (a price that is not an integer).</summary>
    /// <remarks>Rejection order is the engine's: duplicate id / not resting, then quantity, then price, then zone.</remarks>
    private static RejectCode Execute(MatchingEngine engine, ReplayNames names, ReplayCommand command)
    {
        var id = names.Order(command.Id);
        var known = engine.GetOrder(id).Status;

        // Anything the engine cannot represent becomes a value it rejects with the same code, in its own order.
        long? quantity = command.Quantity.Kind switch
        {
            IntFieldKind.Integer => command.Quantity.Value,
            IntFieldKind.Absent when command.Type == ReplayCommandType.Amend => null,
            _ => 0,
        };
        long? price = command.Price.Kind switch
        {
            IntFieldKind.Integer => command.Price.Value,
            IntFieldKind.OutOfRange => long.MaxValue,
            IntFieldKind.Absent when command.Type == ReplayCommandType.Amend => null,
            IntFieldKind.Absent when command.Kind == OrderKind.Market => 0,
            _ => null,
        };

        // The one code the engine cannot produce itself: a price that is not an integer, checked where the engine checks prices.
        var quantityPasses = quantity is null or > 0;
        var priceNotInteger = price is null
            && (command.Type == ReplayCommandType.Order || command.Price.Kind == IntFieldKind.NotInteger);
        switch (command.Type)
        {
            case ReplayCommandType.Cancel:
                engine.Cancel(id);
                return RejectCode.None;
            case ReplayCommandType.Amend:
                if (known == OrderStatus.Resting && quantityPasses && priceNotInteger)
                {
                    return RejectCode.InvalidPrice;
                }

                engine.Amend(id, price, quantity);
                return RejectCode.None;
            default:
                if (known == OrderStatus.Unknown && quantityPasses && priceNotInteger)
                {
                    return RejectCode.InvalidPrice;
                }

                var zone = command.Zone is null ? new ZoneIndex(0)
                    : engine.Grid.TryGetZone(command.Zone, out var z) ? z : new ZoneIndex(-1);
                engine.Submit(new OrderRequest(
                    id, names.Account(command.Account), command.Side, command.Kind, zone, price ?? 0, quantity ?? 0));
                return RejectCode.None;
        }
    }
}
