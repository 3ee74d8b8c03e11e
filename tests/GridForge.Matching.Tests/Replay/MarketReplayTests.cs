using GridForge.Matching.Replay;

namespace GridForge.Matching.Tests.Replay;

/// <summary>`market replay`: golden input/output pairs, defaults, id forms, rejections, and malformed lines reported by number.</summary>
public sealed class MarketReplayTests
{
    /// <summary>The worked two-zone example of docs/matching.md, verbatim.</summary>
    public const string TwoZoneGrid = """
        {"zones":["N","S"],"local_fee":5000,"congestion_permille":1000,"price_limit":9999990,
         "links":[{"from":"N","to":"S","fee":10000,"capacity":4000}]}
        """;

    public const string TwoZoneOrders = """
        {"type":"order","id":1,"account":"alice","side":"sell","price":60000,"quantity":3000,"zone":"N"}
        {"type":"order","id":2,"account":"bob","side":"sell","price":85000,"quantity":2000,"zone":"S"}
        {"type":"order","id":3,"account":"carol","side":"buy","price":90000,"quantity":4000,"zone":"S"}
        {"type":"order","id":4,"account":"dave","side":"sell","price":62000,"quantity":2000,"zone":"N"}
        {"type":"order","id":5,"account":"erin","side":"buy","price":80000,"quantity":2000,"zone":"S"}
        {"type":"amend","id":5,"quantity":500}
        {"type":"order","id":6,"account":"bob","side":"buy","order_type":"market","quantity":500,"zone":"S"}
        {"type":"order","id":7,"account":"frank","side":"buy","tif":"fok","price":70000,"quantity":1500,"zone":"N"}
        """;

    public const string TwoZoneOutput = """
        {"event":"trade","buy":3,"sell":1,"price":60000,"quantity":3000,"fee":10000}
        {"event":"trade","buy":3,"sell":2,"price":85000,"quantity":1000,"fee":5000}
        {"event":"trade","buy":5,"sell":4,"price":62000,"quantity":1000,"fee":17500}
        {"event":"cancelled","id":2,"reason":"self-trade"}
        {"event":"cancelled","id":6,"reason":"ioc"}
        {"event":"rejected","id":7,"reason":"fok-not-filled"}
        {"event":"book","bids":[{"id":5,"price":80000,"remaining":500}],"asks":[{"id":4,"price":62000,"remaining":1000}]}

        """;

    [Fact]
    public void WorkedTwoZoneExample_ProducesTheDocumentedOutput()
    {
        Assert.True(GridFile.TryParse(TwoZoneGrid, out var grid, out var error), error);
        Assert.Equal(TwoZoneOutput, Replay(TwoZoneOrders, grid));
    }

    [Fact]
    public void OneZoneStream_WithDefaultsStringIdsNegativePricesAndRejections()
    {
        const string input = """
            {"type":"order","id":"a1","account":"alice","side":"sell","price":-2000,"quantity":500}
            {"type":"order","id":"b1","account":"bob","side":"buy","price":1000,"quantity":200}
            {"type":"order","id":"b2","account":"bob","side":"buy","tif":"ioc","price":-3000,"quantity":100}
            {"type":"order","id":3,"account":"carol","side":"buy","price":-2500,"quantity":100}
            {"type":"amend","id":3,"price":-2000}

            {"type":"order","id":"b1","account":"bob","side":"buy","price":1,"quantity":1}
            {"type":"order","id":4,"account":"dave","side":"buy","price":1.5,"quantity":1}
            {"type":"order","id":5,"account":"dave","side":"buy","price":10000000,"quantity":1}
            {"type":"order","id":6,"account":"dave","side":"buy","price":1,"quantity":0}
            {"type":"order","id":7,"account":"dave","side":"buy","price":1,"quantity":1,"zone":"Z9"}
            {"type":"cancel","id":99}
            {"type":"order","id":8,"account":"erin","side":"sell","price":5000,"quantity":10,"zone":"Z0"}
            {"type":"cancel","id":8}
            {"type":"order","id":"1","account":"x","side":"sell","price":7,"quantity":3}
            {"type":"order","id":1,"account":"y","side":"sell","order_type":"limit","tif":"gtc","price":7,"quantity":2}
            """;
        const string expected = """
            {"event":"trade","buy":"b1","sell":"a1","price":-2000,"quantity":200,"fee":0}
            {"event":"cancelled","id":"b2","reason":"ioc"}
            {"event":"trade","buy":3,"sell":"a1","price":-2000,"quantity":100,"fee":0}
            {"event":"rejected","id":"b1","reason":"duplicate-id"}
            {"event":"rejected","id":4,"reason":"invalid-price"}
            {"event":"rejected","id":5,"reason":"price-out-of-range"}
            {"event":"rejected","id":6,"reason":"invalid-quantity"}
            {"event":"rejected","id":7,"reason":"unknown-zone"}
            {"event":"rejected","id":99,"reason":"not-resting"}
            {"event":"cancelled","id":8,"reason":"user"}
            {"event":"book","bids":[],"asks":[{"id":"a1","price":-2000,"remaining":200},{"id":"1","price":7,"remaining":3},{"id":1,"price":7,"remaining":2}]}

            """;
        Assert.Equal(expected, Replay(input));
    }

    [Theory]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","quantity":1}""", "invalid-price")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","price":"5","quantity":1}""", "invalid-price")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","price":1e2,"quantity":1}""", "invalid-price")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","price":-99999999999999999999999,"quantity":1}""", "price-out-of-range")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","price":1}""", "invalid-quantity")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","price":1,"quantity":2.5}""", "invalid-quantity")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","price":1,"quantity":-4}""", "invalid-quantity")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","price":1,"quantity":99999999999999999999}""", "invalid-quantity")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","price":1.5,"quantity":0}""", "invalid-quantity")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","order_type":"market","price":0.5,"quantity":1}""", "invalid-price")]
    [InlineData("""{"type":"amend","id":1,"price":2}""", "not-resting")]
    public void RejectedLine_ReportsItsCodeAndGoesOn(string line, string code)
    {
        var output = Replay(line + "\n" + """{"type":"order","id":2,"account":"b","side":"sell","price":1,"quantity":1}""");
        Assert.Equal($$"""{"event":"rejected","id":1,"reason":"{{code}}"}""" + "\n"
            + """{"event":"book","bids":[],"asks":[{"id":2,"price":1,"remaining":1}]}""" + "\n", output);
    }

    [Fact]
    public void AmendOfARestingOrder_RejectsABadPriceOrQuantityAndKeepsTheOrder()
    {
        const string input = """
            {"type":"order","id":1,"account":"a","side":"buy","price":10,"quantity":5}
            {"type":"amend","id":1,"price":"high"}
            {"type":"amend","id":1,"quantity":0,"price":"high"}
            {"type":"amend","id":1,"price":99999999}
            {"type":"amend","id":1}
            """;
        const string expected = """
            {"event":"rejected","id":1,"reason":"invalid-price"}
            {"event":"rejected","id":1,"reason":"invalid-quantity"}
            {"event":"rejected","id":1,"reason":"price-out-of-range"}
            {"event":"book","bids":[{"id":1,"price":10,"remaining":5}],"asks":[]}

            """;
        Assert.Equal(expected, Replay(input));
    }

    [Fact]
    public void MarketOrderWithoutCounterpart_IsCancelledIoc()
    {
        var output = Replay("""{"type":"order","id":1,"account":"a","side":"sell","order_type":"market","quantity":5}""");
        Assert.StartsWith("""{"event":"cancelled","id":1,"reason":"ioc"}""", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Book_ListsEveryZoneByPriceThenArrival()
    {
        const string grid = """{"zones":["A","B"],"links":[]}""";
        const string input = """
            {"type":"order","id":1,"account":"a","side":"buy","price":5,"quantity":1,"zone":"B"}
            {"type":"order","id":2,"account":"a","side":"buy","price":7,"quantity":1,"zone":"A"}
            {"type":"order","id":3,"account":"a","side":"buy","price":5,"quantity":1,"zone":"A"}
            {"type":"order","id":4,"account":"a","side":"sell","price":9,"quantity":1,"zone":"B"}
            {"type":"order","id":5,"account":"a","side":"sell","price":8,"quantity":1,"zone":"A"}
            {"type":"order","id":6,"account":"a","side":"sell","price":9,"quantity":1,"zone":"A"}
            """;
        Assert.True(GridFile.TryParse(grid, out var parsed, out _));
        var book = Replay(input, parsed).TrimEnd('\n');
        Assert.Equal(
            """{"event":"book","bids":[{"id":2,"price":7,"remaining":1},{"id":1,"price":5,"remaining":1},{"id":3,"price":5,"remaining":1}],"asks":"""
            + """[{"id":5,"price":8,"remaining":1},{"id":4,"price":9,"remaining":1},{"id":6,"price":9,"remaining":1}]}""",
            book);
    }

    [Theory]
    [InlineData("""{"type":"order","id":1""", "not valid JSON")]
    [InlineData("""[1,2]""", "must be a JSON object")]
    [InlineData("""{"id":1}""", "\"type\"")]
    [InlineData("""{"type":"trade","id":1}""", "\"type\"")]
    [InlineData("""{"type":"cancel"}""", "\"id\"")]
    [InlineData("""{"type":"cancel","id":1.5}""", "\"id\"")]
    [InlineData("""{"type":"cancel","id":true}""", "\"id\"")]
    [InlineData("""{"type":"order","id":1,"side":"buy","price":1,"quantity":1}""", "\"account\"")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"bid","price":1,"quantity":1}""", "\"side\"")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","order_type":"stop","price":1,"quantity":1}""", "\"order_type\"")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","tif":"day","price":1,"quantity":1}""", "\"tif\"")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","order_type":"market","tif":"gtc","quantity":1}""", "always ioc")]
    [InlineData("""{"type":"order","id":1,"account":"a","side":"buy","price":1,"quantity":1,"zone":7}""", "\"zone\"")]
    public void MalformedLine_StopsTheReplayAndNamesTheLine(string line, string message)
    {
        var input = """
            {"type":"order","id":1,"account":"a","side":"sell","price":1,"quantity":1}

            """ + "\n" + line + "\n" + """{"type":"order","id":9,"account":"a","side":"sell","price":1,"quantity":1}""";
        var output = new StringWriter();
        var failure = MarketReplay.Run(new StringReader(input), output);
        Assert.NotNull(failure);
        Assert.Equal(3, failure.Line); // the blank line 2 is skipped but counted
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.StartsWith("line 3: ", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString()); // the first order rested silently; no book line after a malformed line
    }

    [Fact]
    public void WithAGrid_TheZoneIsRequired()
    {
        Assert.True(GridFile.TryParse(TwoZoneGrid, out var grid, out _));
        var failure = MarketReplay.Run(new StringReader("""{"type":"order","id":1,"account":"a","side":"buy","price":1,"quantity":1}"""), new StringWriter(),
            grid);
        Assert.Equal(1, failure?.Line);
        Assert.Contains("\"zone\" is required", failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyInput_PrintsAnEmptyBook() =>
        Assert.Equal("""{"event":"book","bids":[],"asks":[]}""" + "\n", Replay(""));

    private static string Replay(string input, MarketGrid? grid = null)
    {
        var output = new StringWriter();
        var failure = MarketReplay.Run(new StringReader(input), output, grid);
        Assert.Null(failure);
        return output.ToString();
    }
}
