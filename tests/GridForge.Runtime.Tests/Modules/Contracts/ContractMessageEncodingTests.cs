using CsCheck;
using GridForge.Core.Encoding;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Modules.Contracts;

/// <summary>The contracts module's messages round-trip through their canonical encoding, and mutated payloads decode to a
/// message or a <c>malformed</c> rejection, never an exception.</summary>
public sealed class ContractMessageEncodingTests
{
    private static readonly MessageRegistry Registry = ChainRuntime.StandardModules().Registry;

    private static readonly IMessage[] Messages =
    [
        new CreateContractMessage(ContractTemplate.Residential, Address.None, new SlotId(10), new SlotId(20), 3, Amount.Zero,
            new ResidentialTerms(new ZoneId("Z1"), new Wh(100), new PricePerKwh(-5_000), new Wh(2_000), new PricePerKwh(90_000), 7, true,
                [TestKeys.Bob.Address], [new ZoneId("Z2")])),
        new CreateContractMessage(ContractTemplate.Ppa, TestKeys.Bob.Address, new SlotId(10), new SlotId(2_000), 96, new Amount(5_000_000),
            new PpaTerms(new ZoneId("Z1"), new ZoneId("Z2"), false, new PricePerKwh(80_000), [new Wh(1), new Wh(2), new Wh(3)], 800,
                new PricePerKwh(40_000), SettlementPeriod.Month)),
        new CreateContractMessage(ContractTemplate.Flexibility, TestKeys.Bob.Address, new SlotId(10), new SlotId(20), 0, Amount.Zero,
            new FlexibilityTerms(new ZoneId("Z1"), FlexDirection.Export, new PricePerKwh(200_000), new Wh(1_000), 5)),
        new AcceptContractMessage(7),
        new TerminateContractMessage(ulong.MaxValue),
        new SetForecastMessage(1, new SlotId(-3), Wh.Zero, new Wh(long.MaxValue)),
        new DeclareCongestionMessage(new ZoneId("Z9"), new SlotId(1), new SlotId(2)),
    ];

    private static byte[] Payload(IMessage m)
    {
        var w = new CanonicalWriter();
        m.Encode(w);
        return w.ToArray();
    }

    [Fact]
    public void EveryMessage_DecodesToItself()
    {
        foreach (var m in Messages)
        {
            var decoded = Registry.Decode(m.Module, m.Type, Payload(m), out var rejection);
            Assert.Null(rejection);
            Assert.Equal(Payload(m), Payload(decoded!));
        }
    }

    [Fact]
    public void AnUnknownTemplateOrPeriod_IsMalformed()
    {
        var bytes = Payload(Messages[0]);
        bytes[0] = 9;
        Registry.Decode(ModuleIds.Contracts, CreateContractMessage.TypeId, bytes, out var rejection);
        Assert.Equal(RejectionCodes.Malformed, rejection!.Code);
    }

    [Fact]
    public void MutatedPayloads_DecodeOrAreMalformed_NeverThrow() =>
        Gen.Select(Gen.Int[0, Messages.Length - 1], Gen.Int[0, 400], Gen.Byte, Gen.Int[0, 2]).Sample((which, at, value, how) =>
        {
            var bytes = Payload(Messages[which]).ToList();
            switch (how)
            {
                case 0: bytes[at % bytes.Count] = value; break;
                case 1: bytes.RemoveRange(at % bytes.Count, bytes.Count - (at % bytes.Count)); break;
                default: bytes.Insert(at % (bytes.Count + 1), value); break;
            }

            var m = Registry.Decode(Messages[which].Module, Messages[which].Type, bytes.ToArray(), out var rejection);
            Assert.True(m is not null || rejection!.Code == RejectionCodes.Malformed);
        }, iter: 20_000);
}
