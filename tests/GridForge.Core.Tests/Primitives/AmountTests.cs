namespace GridForge.Core.Tests.Primitives;

public class AmountTests
{
    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("1", 1_000_000UL)]
    [InlineData("12.5", 12_500_000UL)]
    [InlineData("12.500000", 12_500_000UL)]
    [InlineData("0.000001", 1UL)]
    [InlineData("0.1", 100_000UL)]
    [InlineData("007.25", 7_250_000UL)]
    [InlineData("18446744073709", 18_446_744_073_709_000_000UL)]
    [InlineData("18446744073709.551615", ulong.MaxValue)]
    public void Amount_ParseUnits_IsExactInMicroUnits(string text, ulong micro)
    {
        Assert.True(Amount.TryParseUnits(text, out var amount));
        Assert.Equal(micro, amount.Micro);
    }

    [Theory]
    [InlineData("18446744073709.551616")] // one µ above ulong.MaxValue
    [InlineData("18446744073710")]
    [InlineData("99999999999999999999999")]
    [InlineData("1.0000001")] // a seventh decimal would be silently rounded
    [InlineData("0.0000000")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData(".")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e6")]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("1 000")]
    [InlineData("0x10")]
    [InlineData("\u0661")] // ARABIC-INDIC DIGIT ONE
    [InlineData("1.\u0665")]
    public void Amount_ParseUnits_RejectsOverflowAndAnythingButPlainDecimals(string? text)
    {
        Assert.False(Amount.TryParseUnits(text, out var amount));
        Assert.Equal(Amount.Zero, amount);
    }

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(1UL, "0.000001")]
    [InlineData(10UL, "0.00001")]
    [InlineData(999_999UL, "0.999999")]
    [InlineData(1_000_000UL, "1")]
    [InlineData(12_500_000UL, "12.5")]
    [InlineData(1_234_567_890UL, "1234.56789")]
    [InlineData(ulong.MaxValue, "18446744073709.551615")]
    public void Amount_ToString_PrintsUnitsWithoutTrailingZeros(ulong micro, string text) =>
        Assert.Equal(text, new Amount(micro).ToString());

    [Fact]
    public void Amount_PrintThenParse_RoundTripsEveryValue()
    {
        Gen.ULong.Sample(micro =>
        {
            Assert.True(Amount.TryParseUnits(new Amount(micro).ToString(), out var parsed));
            Assert.Equal(micro, parsed.Micro);
        }, iter: 2000);
    }

    [Fact]
    public void Amount_AdditionPastMaxValue_ThrowsOverflow()
    {
        Assert.Throws<OverflowException>(() => new Amount(ulong.MaxValue) + new Amount(1));
        Assert.Equal(new Amount(ulong.MaxValue), new Amount(ulong.MaxValue - 1) + new Amount(1));
    }

    [Fact]
    public void Amount_SubtractionBelowZero_ThrowsOverflow()
    {
        Assert.Throws<OverflowException>(() => new Amount(4) - new Amount(5));
        Assert.Equal(Amount.Zero, new Amount(5) - new Amount(5));
    }

    [Fact]
    public void Amount_FromUnitsPastMaxValue_ThrowsOverflow()
    {
        Assert.Equal(18_446_744_073_709_000_000UL, Amount.FromUnits(18_446_744_073_709).Micro);
        Assert.Throws<OverflowException>(() => Amount.FromUnits(18_446_744_073_710));
    }

    [Fact]
    public void Amount_TryAdd_ReportsOverflowInsteadOfWrapping()
    {
        Gen.Select(Gen.ULong, Gen.ULong).Sample((a, b) =>
        {
            var fits = a <= ulong.MaxValue - b;
            Assert.Equal(fits, Amount.TryAdd(new Amount(a), new Amount(b), out var sum));
            if (fits) Assert.Equal(a + b, sum.Micro);
        }, iter: 1000);
        Assert.False(Amount.TryAdd(new Amount(ulong.MaxValue), new Amount(1), out _));
    }

    [Fact]
    public void Amount_Comparisons_FollowMicroUnits()
    {
        Gen.Select(Gen.ULong, Gen.ULong).Sample((a, b) =>
        {
            Amount x = new(a), y = new(b);
            Assert.Equal(a.CompareTo(b), x.CompareTo(y));
            Assert.Equal(a < b, x < y);
            Assert.Equal(a <= b, x <= y);
            Assert.Equal(a > b, x > y);
            Assert.Equal(a >= b, x >= y);
        });
    }

    [Fact]
    public void EnergyAndSlotArithmetic_OnOverflow_Throws()
    {
        Assert.Throws<OverflowException>(() => new Wh(long.MaxValue) + new Wh(1));
        Assert.Throws<OverflowException>(() => new Wh(long.MinValue) - new Wh(1));
        Assert.Throws<OverflowException>(() => new SlotId(long.MaxValue / 900 + 1).StartSeconds(900));
        Assert.Equal(new Wh(3), new Wh(5) - new Wh(2));
        Assert.Equal(1_800L, new SlotId(2).StartSeconds(900));
    }

    [Theory]
    [InlineData("GRID", Token.Grid)]
    [InlineData(" watt ", Token.Watt)]
    [InlineData("Grid", Token.Grid)]
    public void TokenNames_ParseAndPrint_RoundTrip(string text, Token token)
    {
        Assert.True(TokenNames.TryParse(text, out var parsed));
        Assert.Equal(token, parsed);
        Assert.True(TokenNames.TryParse(token.Name(), out var again));
        Assert.Equal(token, again);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("BTC")]
    public void TokenNames_UnknownName_IsRejected(string? text) => Assert.False(TokenNames.TryParse(text, out _));
}
