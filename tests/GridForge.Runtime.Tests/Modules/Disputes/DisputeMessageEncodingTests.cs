using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Tests.Modules.Disputes;

/// <summary>Dispute messages have one canonical encoding each; unknown subject kinds, tokens and rulings are malformed.</summary>
public sealed class DisputeMessageEncodingTests
{
    private static readonly MessageRegistry Registry = ChainRuntime.StandardModules().Registry;

    public static TheoryData<IMessage> Messages() =>
    [
        new OpenDisputeMessage(DisputeSubject.Trade(new SlotId(7), 3), Token.Watt, new Amount(10), new Amount(20), "why"),
        new OpenDisputeMessage(DisputeSubject.SettlementOf(new SlotId(-1), uint.MaxValue), Token.Grid, new Amount(1), new Amount(2), "é"),
        new OpenDisputeMessage(DisputeSubject.ContractPeriod(9, -4), Token.Watt, new Amount(1), new Amount(2), "period 4"),
        new RuleDisputeMessage(5, Ruling.Uphold),
        new RuleDisputeMessage(5, Ruling.Correct(123)),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Messages_RoundTripThroughTheRegistry(IMessage message)
    {
        var w = new CanonicalWriter();
        message.Encode(w);

        var decoded = Registry.Decode(message.Module, message.Type, w.WrittenSpan, out var refused);

        Assert.Null(refused);
        Assert.Equal(message.ToString(), decoded!.ToString());
        var again = new CanonicalWriter();
        decoded.Encode(again);
        Assert.Equal(w.ToArray(), again.ToArray());
    }

    [Theory]
    [InlineData(3, 2, 0)]
    [InlineData(0, 3, 0)]
    [InlineData(0, 2, 2)]
    public void AnUnknownSubjectKindTokenOrRuling_IsMalformed(byte kind, byte token, byte ruling)
    {
        var open = new CanonicalWriter().U8(kind).I64(1).U32(0).U8(token).U64(1).U64(1).String("x");
        var rule = new CanonicalWriter().U64(1).U8(ruling).U64(0);

        var openRefused = Registry.Decode(ModuleIds.Disputes, OpenDisputeMessage.TypeId, open.WrittenSpan, out var a) is null;
        var ruleRefused = Registry.Decode(ModuleIds.Disputes, RuleDisputeMessage.TypeId, rule.WrittenSpan, out var b) is null;

        Assert.Equal((kind > 2 || token > 2, ruling > 1), (openRefused, ruleRefused));
        Assert.All(new[] { a, b }.Where(r => r is not null), r => Assert.Equal(RejectionCodes.Malformed, r!.Code));
    }
}
