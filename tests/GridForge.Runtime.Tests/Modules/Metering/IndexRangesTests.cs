using CsCheck;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Runtime.Tests.Modules.Metering;

/// <summary>The accepted readings of a batch are named by index ranges that read back as exactly those indexes.</summary>
public sealed class IndexRangesTests
{
    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 0 }, "0")]
    [InlineData(new[] { 0, 1, 2, 4, 6, 7 }, "0-2,4,6-7")]
    public void Ranges_AreWrittenCompactly(int[] indexes, string text)
    {
        var ranges = new IndexRanges();
        foreach (var i in indexes) ranges.Add(i);

        Assert.Equal((text, indexes.Length), (ranges.ToString(), ranges.Count));
    }

    [Fact]
    public void AnyAscendingSet_ReadsBackAsItself() =>
        Gen.Int[0, 500].HashSet[0, 200].Sample(set =>
        {
            var ranges = new IndexRanges();
            foreach (var i in set.Order()) ranges.Add(i);

            Assert.Equal(set.Order(), IndexRanges.Parse(ranges.ToString()));
        });

    [Theory]
    [InlineData("x")]
    [InlineData("3-1")]
    [InlineData("1-2-3")]
    [InlineData("-1")]
    public void Parse_OfSomethingElse_IsNull(string text) => Assert.Null(IndexRanges.Parse(text));
}
