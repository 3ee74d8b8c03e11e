using GridForge.Matching.Replay;

namespace GridForge.Matching.Tests.Replay;

/// <summary>Grid files: defaults, links usable both ways, and every validation error named.</summary>
public sealed class GridFileTests
{
    [Fact]
    public void MinimalGrid_TakesTheDefaults()
    {
        Assert.True(GridFile.TryParse("""{"zones":["Z0","Z1"]}""", out var grid, out var error), error);
        Assert.Equal((2, 0L, 0L, MarketGrid.DefaultPriceLimit, 0),
            (grid.ZoneCount, grid.LocalFee, grid.CongestionPermille, grid.PriceLimit, grid.DirectedLinkCount));
    }

    [Fact]
    public void Link_IsUsableBothWaysWithTheSameFeeAndCapacity()
    {
        Assert.True(GridFile.TryParse("""{"zones":["A","B"],"links":[{"from":"A","to":"B","fee":3,"capacity":40}]}""", out var grid, out _));
        var engine = new MatchingEngine(grid);
        grid.TryGetZone("A", out var a);
        grid.TryGetZone("B", out var b);
        Assert.True(engine.TryGetLink(a, b, out var forward));
        Assert.True(engine.TryGetLink(b, a, out var backward));
        Assert.Equal((3L, 40L), (forward.BaseFee, forward.Capacity));
        Assert.Equal((3L, 40L), (backward.BaseFee, backward.Capacity));
    }

    [Theory]
    [InlineData("""{"zones":["A"]""", "not valid JSON")]
    [InlineData("""[]""", "JSON object")]
    [InlineData("""{}""", "\"zones\"")]
    [InlineData("""{"zones":[]}""", "at least one zone")]
    [InlineData("""{"zones":["A",1]}""", "\"zones\"")]
    [InlineData("""{"zones":["A","A"]}""", "declared twice")]
    [InlineData("""{"zones":["A"],"local_fee":1.5}""", "\"local_fee\"")]
    [InlineData("""{"zones":["A"],"local_fee":-1}""", "local_fee")]
    [InlineData("""{"zones":["A"],"price_limit":0}""", "price_limit")]
    [InlineData("""{"zones":["A"],"congestion_permille":-5}""", "congestion_permille")]
    [InlineData("""{"zones":["A"],"links":{}}""", "\"links\"")]
    [InlineData("""{"zones":["A","B"],"links":[{"from":"A","to":"C","fee":1,"capacity":1}]}""", "unknown zone")]
    [InlineData("""{"zones":["A","B"],"links":[{"from":"A","to":"A","fee":1,"capacity":1}]}""", "to itself")]
    [InlineData("""{"zones":["A","B"],"links":[{"from":"A","to":"B","capacity":1},{"from":"B","to":"A","capacity":1}]}""", "declared twice")]
    [InlineData("""{"zones":["A","B"],"links":[{"from":"A","to":"B","fee":1}]}""", "\"capacity\"")]
    [InlineData("""{"zones":["A","B"],"links":[{"from":"A","to":"B","fee":1,"capacity":-1}]}""", "capacity")]
    [InlineData("""{"zones":["A","B"],"links":[{"from":"A","fee":1,"capacity":1}]}""", "\"from\" and \"to\"")]
    public void InvalidGrid_IsRefusedWithASentenceNamingTheProblem(string json, string message)
    {
        Assert.False(GridFile.TryParse(json, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
