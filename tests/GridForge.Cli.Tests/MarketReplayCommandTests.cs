namespace GridForge.Cli.Tests;

public class MarketReplayCommandTests
{
    [Fact]
    public void MarketReplay_PrintsTradesThenTheBookLast_TradingAtTheRestingPrice()
    {
        var dir = CliRunner.TempDir();
        var input = Path.Combine(dir, "orders.jsonl");
        File.WriteAllLines(input,
        [
            """{"type":"order","id":1,"account":"alice","side":"sell","price":100,"quantity":500}""",
            """{"type":"order","id":2,"account":"charlie","side":"buy","price":120,"quantity":300}""",
            """{"type":"order","id":3,"account":"bob","side":"buy","price":90,"quantity":100,"tif":"ioc"}""",
        ]);
        var (code, stdout, _) = CliRunner.Run("market", "replay", "--input", input);
        Assert.Equal(0, code);
        Assert.Equal(
        [
            """{"event":"trade","buy":2,"sell":1,"price":100,"quantity":300,"fee":0}""",
            """{"event":"cancelled","id":3,"reason":"ioc"}""",
            """{"event":"book","bids":[],"asks":[{"id":1,"price":100,"remaining":200}]}""",
        ], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void MarketReplay_MalformedLine_ReportsItsLineNumberAndExitsNonZero()
    {
        var dir = CliRunner.TempDir();
        var input = Path.Combine(dir, "orders.jsonl");
        File.WriteAllLines(input, ["""{"type":"order","id":1,"account":"a","side":"sell","price":100,"quantity":5}""", """{"type":"order","""]);
        var (code, _, stderr) = CliRunner.Run("market", "replay", "--input", input);
        Assert.NotEqual(0, code);
        Assert.Contains("line 2", stderr);
        Directory.Delete(dir, true);
    }
}
