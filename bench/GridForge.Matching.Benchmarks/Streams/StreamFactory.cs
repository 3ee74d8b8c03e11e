namespace GridForge.Matching.Benchmarks.Streams;

/// <summary>
/// Builds deterministic streams by driving a generation-time engine, so that every cancel and amend names an order
/// that is resting at that point and the book stays near its target depth.
/// </summary>
public static class StreamFactory
{
    private const long Mid = 50_000;
    private const long Tick = 10;

    public static BenchStream Create(Scenario scenario, int commands, ulong seed = 42)
    {
        var spec = ScenarioSpec.For(scenario);
        var grid = Grid(spec.Zones);
        var options = new MatchingEngineOptions
        {
            ExpectedOrders = spec.TargetResting + commands + 16,
            ExpectedResting = spec.TargetResting * 2,
            ExpectedLevels = spec.HalfWidthTicks * 4,
            ExpectedEventsPerCommand = 4_096,
        };
        var generator = new Generator(spec, grid, options, seed);
        var prefill = generator.Prefill();
        var measured = new BenchCommand[commands];
        for (var i = 0; i < commands; i++)
        {
            measured[i] = generator.Next();
        }

        return new BenchStream { Scenario = scenario, Grid = grid, Prefill = prefill, Commands = measured, Options = options };
    }

    /// <summary>Eight zones on a ring plus two chords: base fee 50–80, 2 MWh each way, fees up to double when full.</summary>
    private static MarketGrid Grid(int zones)
    {
        var builder = new GridBuilder { LocalFee = 50, CongestionPermille = 1_000 };
        for (var z = 0; z < zones; z++)
        {
            builder.AddZone("Z" + z);
        }

        if (zones > 1)
        {
            for (var z = 0; z < zones; z++)
            {
                builder.AddLink("Z" + z, "Z" + ((z + 1) % zones), 50, 2_000_000);
            }

            builder.AddLink("Z0", "Z4", 80, 1_000_000).AddLink("Z2", "Z6", 80, 1_000_000);
        }

        return builder.Build();
    }

    /// <summary>The stateful generator; it keeps the ids of resting orders for O(1) random picks.</summary>
    private sealed class Generator(ScenarioSpec spec, MarketGrid grid, MatchingEngineOptions options, ulong seed)
    {
        private readonly MatchingEngine engine = new(grid, options);
        private readonly List<long> live = [];
        private readonly Dictionary<long, int> livePosition = [];
        private ulong state = seed;
        private long nextId = 1;

        public BenchCommand[] Prefill()
        {
            var prefill = new List<BenchCommand>();
            while (live.Count < spec.TargetResting)
            {
                prefill.Add(Run(new BenchCommand(BenchCommandType.Submit, Passive(RandomSide(), RandomZone()))));
            }

            return [.. prefill];
        }

        public BenchCommand Next()
        {
            var roll = Next(100);
            var total = 0;
            foreach (var (weight, kind) in new[]
            {
                (spec.Gtc, 0), (spec.Ioc, 1), (spec.Fok, 2), (spec.Market, 3), (spec.Cancel, 4), (spec.AmendMove, 5), (spec.AmendReduce, 6),
            })
            {
                total += weight;
                if (roll < total)
                {
                    return Run(Make(kind));
                }
            }

            return Run(Make(0));
        }

        private BenchCommand Make(int kind)
        {
            // Steer the depth back towards its target: too deep turns new orders into cancels, too thin the reverse.
            if (kind is 0 && live.Count > spec.TargetResting * 11 / 10)
            {
                kind = 4;
            }
            else if (kind is 4 or 5 or 6 && (live.Count < spec.TargetResting * 9 / 10 || live.Count == 0))
            {
                kind = 0;
            }

            var side = RandomSide();
            var zone = RandomZone();
            switch (kind)
            {
                case 0:
                    return new BenchCommand(BenchCommandType.Submit, Next(100) < 30 ? Aggressive(side, zone, OrderKind.LimitGtc) : Passive(side, zone));
                case 1:
                    return new BenchCommand(BenchCommandType.Submit, Aggressive(side, zone, OrderKind.LimitIoc));
                case 2:
                    return new BenchCommand(BenchCommandType.Submit, Aggressive(side, zone, OrderKind.LimitFok) with { Quantity = 100 * (1 + Next(3)) });
                case 3:
                    return new BenchCommand(BenchCommandType.Submit, Aggressive(side, zone, OrderKind.Market));
                case 4:
                    return new BenchCommand(BenchCommandType.Cancel, new OrderRequest { Id = new OrderId(RandomLive()) });
                case 5:
                {
                    // Move the order a few ticks either way (it loses its place, and sometimes crosses).
                    var id = RandomLive();
                    var state = engine.GetOrder(new OrderId(id));
                    var move = Tick * (Next(11) - 5);
                    var price = state.Price + (move == 0 ? Tick : move);
                    return new BenchCommand(BenchCommandType.Amend, new OrderRequest { Id = new OrderId(id) }, price, null);
                }

                default:
                {
                    var id = RandomLive();
                    var state = engine.GetOrder(new OrderId(id));
                    return new BenchCommand(BenchCommandType.Amend, new OrderRequest { Id = new OrderId(id) }, state.Price, Math.Max(1, state.Remaining / 2));
                }
            }
        }

        private BenchCommand Run(BenchCommand command)
        {
            command.ApplyTo(engine);
            foreach (var e in engine.Events)
            {
                if (e.Kind == MatchEventKind.Trade)
                {
                    Update(e.BuyId.Value);
                    Update(e.SellId.Value);
                }
                else
                {
                    Update(e.Id.Value);
                }
            }

            Update(command.Order.Id.Value);
            return command;
        }

        private void Update(long id)
        {
            var resting = engine.GetOrder(new OrderId(id)).Status == OrderStatus.Resting;
            var known = livePosition.TryGetValue(id, out var position);
            if (resting && !known)
            {
                livePosition[id] = live.Count;
                live.Add(id);
            }
            else if (!resting && known)
            {
                var last = live[^1];
                live[position] = last;
                livePosition[last] = position;
                live.RemoveAt(live.Count - 1);
                livePosition.Remove(id);
            }
        }

        /// <summary>A gtc order behind the touch, spread over the scenario's price levels.</summary>
        private OrderRequest Passive(Side side, int zone)
        {
            var offset = Tick * (1 + Next(spec.HalfWidthTicks));
            var price = ZoneMid(zone) + (side == Side.Buy ? -offset : offset);
            return Order(side, zone, OrderKind.LimitGtc, price, 100 * (1 + Next(10)));
        }

        /// <summary>An order priced through the touch that takes one to a few resting orders.</summary>
        private OrderRequest Aggressive(Side side, int zone, OrderKind kind)
        {
            var through = Tick * (3 + Next(12));
            var price = ZoneMid(zone) + (side == Side.Buy ? through : -through);
            return Order(side, zone, kind, price, 100 * (1 + Next(15)));
        }

        private OrderRequest Order(Side side, int zone, OrderKind kind, long price, long quantity) =>
            new(new OrderId(nextId++), new AccountId(1 + Next(10_000)), side, kind, new ZoneIndex(zone), price, quantity);

        // Neighbouring zones sit a little apart in price, so energy flows along the ring and links congest.
        private long ZoneMid(int zone) => Mid + (Tick * 3 * ((zone * 3) % 8));

        private Side RandomSide() => Next(2) == 0 ? Side.Buy : Side.Sell;

        private int RandomZone() => Next(spec.Zones);

        private long RandomLive() => live[Next(live.Count)];

        private int Next(int bound)
        {
            // SplitMix64: the same stream on every machine and runtime.
            var z = unchecked(state += 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return (int)((z ^ (z >> 31)) % (ulong)bound);
        }
    }
}
