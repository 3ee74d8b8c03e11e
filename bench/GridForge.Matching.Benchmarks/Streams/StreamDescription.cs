using System.Globalization;

namespace GridForge.Matching.Benchmarks.Streams;

/// <summary>What a stream really does when replayed: command mix, outcomes and book depth, so the figures can be judged.</summary>
public static class StreamDescription
{
    public static int Run(int commands)
    {
        Console.WriteLine("| scenario | commands | submit gtc/ioc/fok/market % | amend % | cancel % | rejected % | trades per command "
            + "| cross-zone trades % | self-trade cancels | resting at end |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var scenario in Enum.GetValues<Scenario>())
        {
            var stream = StreamFactory.Create(scenario, commands);
            var engine = stream.CreatePrefilled();
            long rejected = 0, trades = 0, crossZone = 0, selfTrades = 0;
            var kinds = new long[4];
            long amends = 0, cancels = 0;
            foreach (var command in stream.Commands)
            {
                if (command.ApplyTo(engine) != RejectCode.None)
                {
                    rejected++;
                }

                switch (command.Type)
                {
                    case BenchCommandType.Submit: kinds[(int)command.Order.Kind]++; break;
                    case BenchCommandType.Amend: amends++; break;
                    default: cancels++; break;
                }

                foreach (var e in engine.Events)
                {
                    trades += e.Kind == MatchEventKind.Trade ? 1 : 0;
                    crossZone += e.Kind == MatchEventKind.Trade && e.BuyZone != e.SellZone ? 1 : 0;
                    selfTrades += e.Kind == MatchEventKind.Cancelled && e.Reason == CancelReason.SelfTrade ? 1 : 0;
                }
            }

            double n = stream.Commands.Length;
            string Pct(long x) => (100 * x / n).ToString("0.0", CultureInfo.InvariantCulture);
            var crossZoneShare = trades == 0 ? 0 : 100.0 * crossZone / trades;
            var resting = engine.RestingCount;
            var mix = $"{Pct(kinds[0])}/{Pct(kinds[1])}/{Pct(kinds[2])}/{Pct(kinds[3])}";
            var shares = $"{Pct(amends)} | {Pct(cancels)} | {Pct(rejected)}";
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {scenario} | {n:N0} | {mix} | {shares} | {trades / n:0.00} | {crossZoneShare:0.0} | {selfTrades:N0} | {resting:N0} |"));
        }

        return 0;
    }
}
