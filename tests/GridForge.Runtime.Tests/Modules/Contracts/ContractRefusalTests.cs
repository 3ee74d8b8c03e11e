using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Grid;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Contracts;

/// <summary>Every refusal of the contracts module has its stable code and changes nothing but the fee and the nonce.</summary>
public sealed class ContractRefusalTests
{
    private static readonly Core.Crypto.SigningKey Alice = GridTestChain.Alice;
    private static readonly Core.Crypto.SigningKey Bob = GridTestChain.Bob;

    private static CreateContractMessage Residential(ResidentialTerms terms, SlotId? start = null, SlotId? end = null, Address? counterparty = null, ulong fee =
        0) =>
        new(ContractTemplate.Residential, counterparty ?? Address.None, start ?? Ahead(3), end ?? Ahead(5), 0, new Amount(fee), terms);

    public static TheoryData<string, string> Cases => new()
    {
        { "residential with a counterparty", ContractsCodes.InvalidTerms },
        { "residential with a termination fee", ContractsCodes.InvalidTerms },
        { "unknown zone", GridCodes.UnknownZone },
        { "negative reserve", ContractsCodes.InvalidTerms },
        { "ceiling beyond the price limit", ContractsCodes.InvalidTerms },
        { "end before start", ContractsCodes.InvalidTerm },
        { "start whose book has closed", ContractsCodes.TooLate },
        { "flexibility offered by a non-DSO", Runtime.RejectionCodes.Unauthorized },
        { "ppa with oneself", ContractsCodes.InvalidTerms },
        { "ppa take-or-pay above 1000 permille", ContractsCodes.InvalidTerms },
        { "ppa with an empty schedule", ContractsCodes.InvalidTerms },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ACreationThatBreaksARule_IsRefusedWithItsCode(string rule, string code)
    {
        var chain = Create();
        var ppa = new PpaTerms(new ZoneId("Z1"), new ZoneId("Z2"), true, new PricePerKwh(80_000), [new Wh(1_000)], 800, PricePerKwh.Zero, SettlementPeriod.Day);
        var message = rule switch
        {
            "residential with a counterparty" => Residential(ContractChain.Residential(), counterparty: Bob.Address),
            "residential with a termination fee" => Residential(ContractChain.Residential(), fee: 1),
            "unknown zone" => Residential(ContractChain.Residential(zone: "Z9")),
            "negative reserve" => Residential(ContractChain.Residential(reserve: -1)),
            "ceiling beyond the price limit" => Residential(ContractChain.Residential(ceiling: 10_000_000)),
            "end before start" => Residential(ContractChain.Residential(), Ahead(5), Ahead(4)),
            "start whose book has closed" => Residential(ContractChain.Residential(), chain.CurrentSlot, Ahead(4)),
            "flexibility offered by a non-DSO" => new CreateContractMessage(ContractTemplate.Flexibility, Bob.Address, Ahead(3), Ahead(4), 0, Amount.Zero,
                new FlexibilityTerms(new ZoneId("Z1"), FlexDirection.Consumption, new PricePerKwh(1_000), new Wh(1_000), 3)),
            "ppa with oneself" => new CreateContractMessage(ContractTemplate.Ppa, Alice.Address, Ahead(3), Ahead(4), 0, Amount.Zero, ppa),
            "ppa take-or-pay above 1000 permille" => new CreateContractMessage(ContractTemplate.Ppa, Bob.Address, Ahead(3), Ahead(4), 0, Amount.Zero,
                ppa with { TakeOrPayPermille = 1_001 }),
            "ppa with an empty schedule" => new CreateContractMessage(ContractTemplate.Ppa, Bob.Address, Ahead(3), Ahead(4), 0, Amount.Zero,
                ppa with { Schedule = [] }),
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
        chain.FailsChangingOnlyFeeAndNonce(Alice, message, code);
    }

    [Fact]
    public void ActionsOnAContract_AreForItsPartiesOnly()
    {
        var chain = Create();
        var residential = chain.Create(Alice, ContractChain.Residential(), Ahead(3), Ahead(5));
        var ppa = chain.Create(Alice, new PpaTerms(new ZoneId("Z1"), new ZoneId("Z2"), true, new PricePerKwh(80_000), [new Wh(1_000)], 800, PricePerKwh.Zero,
            SettlementPeriod.Day), Ahead(3), Ahead(5),
            Bob.Address);
        chain.FailsChangingOnlyFeeAndNonce(Bob, new SetForecastMessage(residential, Ahead(3), new Wh(1), new Wh(1)), ContractsCodes.NotParty);
        chain.FailsChangingOnlyFeeAndNonce(Alice, new SetForecastMessage(ppa, Ahead(3), new Wh(1), new Wh(1)), ContractsCodes.WrongTemplate);
        chain.FailsChangingOnlyFeeAndNonce(Alice, new SetForecastMessage(residential, Ahead(9), new Wh(1), new Wh(1)), ContractsCodes.TooLate);
        chain.FailsChangingOnlyFeeAndNonce(Bob, new TerminateContractMessage(residential), ContractsCodes.NotParty);
        chain.FailsChangingOnlyFeeAndNonce(Alice, new AcceptContractMessage(ppa), ContractsCodes.NotParty);
        chain.FailsChangingOnlyFeeAndNonce(Alice, new AcceptContractMessage(residential), ContractsCodes.NotProposed);
        chain.FailsChangingOnlyFeeAndNonce(Alice, new TerminateContractMessage(99), ContractsCodes.UnknownContract);
        chain.FailsChangingOnlyFeeAndNonce(Alice, new DeclareCongestionMessage(new ZoneId("Z1"), Ahead(3), Ahead(3)), Runtime.RejectionCodes.Unauthorized);
        chain.FailsChangingOnlyFeeAndNonce(GridTestChain.Dso, new DeclareCongestionMessage(new ZoneId("Z1"), Ahead(3), Ahead(2)), GridCodes.InvalidSlotRange);
        // Withdrawing a proposal is immediate and costs nothing.
        chain.Ok(Alice, new TerminateContractMessage(ppa));
        Assert.Equal(ContractStatus.Terminated, chain.Contract(ppa).Status);
    }

    [Fact]
    public void EveryStepOfAContract_IsInItsOwnHistory()
    {
        var chain = Create();
        var id = chain.Create(Alice, ContractChain.Residential(), Ahead(3), Ahead(3));
        chain.Ok(Alice, new SetForecastMessage(id, Ahead(3), new Wh(0), new Wh(0)));
        chain.BlockAt(ContractChain.RunTime(Ahead(3)));
        var kinds = ContractsQueries.History(chain.State, id).Select(h => h.Event.Kind).ToList();
        Assert.Equal([ContractsEvents.Created, ContractsEvents.ForecastSet, ContractsEvents.Ended], kinds);
    }
}
