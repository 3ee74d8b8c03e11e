using GridForge.Consensus.Messages;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;

namespace GridForge.Runtime.Tests.Execution;

/// <summary>The canonical encoding of every event kind, pinned: what blocks store, event hashes cover and the API and streams show.
/// A renamed attribute, a changed order or format fails here (and the recorded chain's replay) before it reaches a user.</summary>
public sealed class EventEncodingTests
{
    private static readonly Address A = new(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly Address B = new(Enumerable.Repeat((byte)2, 32).ToArray());
    private static readonly MeterId M = new(Enumerable.Repeat((byte)3, 32).ToArray());
    private static readonly ZoneId North = new("north");
    private static readonly ZoneId South = new("south");

    /// <summary>One sample of every kind and its encoding (<c>{A}</c>, <c>{B}</c>, <c>{M}</c>: the sample accounts and meter).</summary>
    public static readonly TheoryData<IModuleEvent, string> Golden = new()
    {
        { new EndBlockFailed("market", "internal_error", "InvalidOperationException"),
            "runtime/end_block_failed module=market;code=internal_error;reason=InvalidOperationException" },
        { new TokensTransferred(A, B, Token.Watt, 5),
            "tokens/transfer from={A};to={B};token=WATT;amount=5" },
        { new WattMinted(A, B, 1_000_000, "dep-1"),
            "stablecoin/mint issuer={A};to={B};amount=1000000;deposit_ref=dep-1" },
        { new WattRedeemed(4, A, B, 2_000, "iban"),
            "stablecoin/redeem id=4;holder={A};issuer={B};amount=2000;payout_ref=iban" },
        { new RedemptionPaidOut(4, B, 2_000, "bank-9"),
            "stablecoin/payout id=4;issuer={B};amount=2000;bank_ref=bank-9" },
        { new ReservesAttested(B, 100, 1_700_000_000, 150, 50),
            "stablecoin/attest issuer={B};reserves=100;as_of=1700000000;outstanding=150;shortfall=50" },
        { new ZoneAdded(North),
            "grid/zone_added zone=north" },
        { new ZoneRemoved(South),
            "grid/zone_removed zone=south" },
        { new LinkSet(North, South, 7, 1_000, 900),
            "grid/link_set from=north;to=south;fee=7;capacity_forward=1000;capacity_backward=900" },
        { new LinkRemoved(North, South),
            "grid/link_removed from=north;to=south" },
        { new FeesChanged(3, 250),
            "grid/fees_changed local_fee=3;congestion_permille=250" },
        { new CapacityChanged(North, South, new SlotId(10), new SlotId(12), 500),
            "grid/capacity_changed from=north;to=south;first_slot=10;last_slot=12;capacity=500" },
        { new CapacityChanged(South, North, new SlotId(10), new SlotId(12), null),
            "grid/capacity_changed from=south;to=north;first_slot=10;last_slot=12;capacity=normal" },
        { new MeterRegistered(M, A, North, MeterKind.Both, MeterTechnology.Solar, 5_000),
            "metering/meter_registered meter={M};owner={A};zone=north;kind=both;technology=solar;rated_power_w=5000" },
        { new MeterMoved(M, B, South, A, North),
            "metering/meter_moved meter={M};owner={B};zone=south;previous_owner={A};previous_zone=north" },
        { new MeterRetired(M, B, South),
            "metering/meter_retired meter={M};owner={B};zone=south" },
        { new ReadingRejected(2, M, new SlotId(9), "bad_signature", "the signature does not verify"),
            "metering/reading_rejected index=2;meter={M};slot=9;code=bad_signature;reason=the signature does not verify" },
        { new ReadingsAccepted(3, "0-1,3"),
            "metering/readings_accepted count=3;indices=0-1,3" },
        { new OrderPlaced(11, new SlotId(20), A, Side.Buy, OrderKind.LimitGtc, North, 90_000, 1_000, 90, 0),
            "market/order_placed order=11;slot=20;owner={A};side=buy;kind=gtc;zone=north;price=90000;quantity=1000;escrow=90;contract=0" },
        { new OrderAmended(11, new SlotId(20), A, Side.Sell, North, 80_000, 500, 0, true),
            "market/order_amended order=11;slot=20;owner={A};side=sell;zone=north;price=80000;quantity=500;escrow=0;requeued=True" },
        { new TradeExecuted(new SlotId(20), 0, 11, 12, A, B, North, South, 80_000, 7, 500, 80_007, 80_000, "buy"),
            "market/trade slot=20;trade=0;buy=11;sell=12;buyer={A};seller={B};buy_zone=north;sell_zone=south;price=80000;fee=7;quantity=500;buyer_price=80007;"
                + "seller_price=80000;taker=buy" },
        { new TradeExecuted(new SlotId(20), 1, 0, 0, A, B, North, South, 80_000, 7, 500, 80_007, 80_000, TradeExecuted.ContractTaker, 3),
            "market/trade slot=20;trade=1;buy=0;sell=0;buyer={A};seller={B};buy_zone=north;sell_zone=south;price=80000;fee=7;quantity=500;buyer_price=80007;" +
            "seller_price=80000;taker=contract;contract=3" },
        { new OrderCancelled(11, new SlotId(20), A, Side.Buy, North, 90_000, 500, CancelReason.Expired, 45),
            "market/order_cancelled order=11;slot=20;owner={A};side=buy;zone=north;price=90000;quantity=500;reason=expired;released=45" },
        { new GateClosed(new SlotId(20), 2, 5),
            "market/gate_closed slot=20;expired=2;trades=5" },
        { new GateClosureFailed(new SlotId(20), 1, "internal_error", "boom"),
            "market/gate_closure_failed slot=20;attempt=1;code=internal_error;reason=boom" },
        { new CapacityApplied(new SlotId(20), North, South, 400, 2),
            "market/capacity_applied slot=20;from=north;to=south;capacity=400;events=2" },
        { new CapacityChangeFailed(new SlotId(20), "internal_error", "boom"),
            "market/capacity_change_failed slot=20;code=internal_error;reason=boom" },
        { new TradeSettled(new SlotId(20), 0, A, B, 500, 450, 36_004, -3, 4, (UInt128)ulong.MaxValue + 1, 2, 3, 450),
            "settlement/trade_settled slot=20;trade=0;buyer={A};seller={B};quantity=500;delivered=450;buyer_paid=36004;seller_received=-3;dso_received=4;" +
            "penalty=18446744073709551616;penalty_paid=2;debt=3;certified_wh=450" },
        { new SlotSettled(new SlotId(20), 4),
            "settlement/slot_settled slot=20;trades=4" },
        { new CertificateIssued(6, A, new SlotId(20), North, MeterTechnology.Wind, M, 450, 0),
            "settlement/certificate_issued certificate=6;owner={A};slot=20;zone=north;technology=wind;meter={M};wh=450;trade=0" },
        { new CertificateTransferred(6, A, B, 100, 7),
            "settlement/certificate_transferred certificate=6;from={A};to={B};wh=100;moved_as=7" },
        { new CertificateRetired(6, A, 50, new SlotId(20), MeterTechnology.Solar),
            "settlement/certificate_retired certificate=6;owner={A};wh=50;slot=20;technology=solar" },
        { new DebtPaid(A, B, 10, 0),
            "settlement/debt_paid account={A};creditor={B};paid=10;left=0" },
        { new TradeVoided(new SlotId(20), 0, A, B, 90, 0, "arithmetic_overflow", "OverflowException"),
            "settlement/trade_voided slot=20;trade=0;buyer={A};seller={B};buyer_released=90;seller_released=0;code=arithmetic_overflow;" +
            "reason=OverflowException" },
        { new SlotSettlementFailed(new SlotId(20), 2, "internal_error", "boom"),
            "settlement/slot_settlement_failed slot=20;attempt=2;code=internal_error;reason=boom" },
        { new SlotSettlementStalled(new SlotId(20), 3, "internal_error"),
            "settlement/slot_settlement_stalled slot=20;attempts=3;code=internal_error" },
        { new ContractCreated(3, ContractTemplate.Ppa, A, B, new SlotId(30), new SlotId(40), ContractStatus.Proposed),
            "contracts/contract_created contract=3;template=ppa;creator={A};counterparty={B};start=30;end=40;status=proposed" },
        { new ContractCreated(4, ContractTemplate.Residential, A, null, new SlotId(30), new SlotId(40), ContractStatus.Active),
            "contracts/contract_created contract=4;template=residential;creator={A};counterparty=;start=30;end=40;status=active" },
        { new ContractAccepted(3, B),
            "contracts/contract_accepted contract=3;by={B}" },
        { new ContractTerminating(3, A, 35, 1_000, B),
            "contracts/contract_terminating contract=3;by={A};last_slot=35;fee=1000;fee_to={B}" },
        { new ContractTerminating(3, A, 35, 0, null),
            "contracts/contract_terminating contract=3;by={A};last_slot=35;fee=0;fee_to=" },
        { new ContractEnded(3, ContractStatus.Ended, LastSlot: 40),
            "contracts/contract_ended contract=3;status=ended;last_slot=40" },
        { new ContractEnded(3, ContractStatus.Terminated, By: A),
            "contracts/contract_ended contract=3;status=terminated;by={A}" },
        { new ContractLapsed(3, new SlotId(30)),
            "contracts/contract_lapsed contract=3;start=30" },
        { new ContractSuspended(3, "internal_error", "boom", Released: 200_000),
            "contracts/contract_suspended contract=3;code=internal_error;reason=boom;released=200000" },
        { new ContractSuspended(3, "internal_error", "boom", Record: "not updated: internal_error"),
            "contracts/contract_suspended contract=3;code=internal_error;reason=boom;record=not updated: internal_error" },
        { new ForecastSet(4, new SlotId(31), 1_200, 300),
            "contracts/forecast_set contract=4;slot=31;export=1200;import=300" },
        { new ContractOrderPlaced(4, new SlotId(31), 12, Side.Sell, OrderKind.LimitIoc, North, 70_000, 900),
            "contracts/contract_order contract=4;slot=31;order=12;side=sell;kind=ioc;zone=north;price=70000;quantity=900" },
        { new ContractActionRefused(4, new SlotId(31), "sell", "insufficient_funds", "no money"),
            "contracts/contract_action_refused contract=4;slot=31;action=sell;code=insufficient_funds;reason=no money" },
        { new ContractSlotsMissed(4, new SlotId(31), 2),
            "contracts/contract_slots_missed contract=4;from=31;count=2" },
        { new PpaSlotActed(3, new SlotId(32), 1_000, 800, 100, 50, 50, 2),
            "contracts/ppa_slot contract=3;slot=32;scheduled=1000;traded=800;not_offered=100;curtailed=50;not_taken=50;trade=2" },
        { new PpaSlotActed(3, new SlotId(33), 1_000, 0, 1_000, 0, 0, null),
            "contracts/ppa_slot contract=3;slot=33;scheduled=1000;traded=0;not_offered=1000;curtailed=0;not_taken=0;trade=" },
        { new PpaPeriodSettled(3, 1, 30, 33, 4_000, 3_000, 2_900, 500, 400, 100, 240_000, 230_000, 5_000, 1_000, -4_000, A, 3_000, 1_000, 1_000),
            "contracts/ppa_period_settled contract=3;period=1;first_slot=30;last_slot=33;scheduled=4000;traded=3000;delivered=2900;not_taken=500;" +
            "not_offered=400;curtailed=100;buyer_paid=240000;seller_received=230000;take_or_pay=5000;penalty=1000;net=-4000;payer={A};paid=3000;unpaid=1000;" +
            "debt_added=1000" },
        { new PpaPeriodSettled(3, 2, 34, 35, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0, 0),
            "contracts/ppa_period_settled contract=3;period=2;first_slot=34;last_slot=35;scheduled=0;traded=0;delivered=0;not_taken=0;not_offered=0;" +
            "curtailed=0;buyer_paid=0;seller_received=0;take_or_pay=0;penalty=0;net=0;payer=;paid=0;unpaid=0;debt_added=0" },
        { new CongestionDeclared(North, new SlotId(30), new SlotId(31)),
            "contracts/congestion_declared zone=north;from=30;to=31" },
        { new FlexActivated(5, new SlotId(30), North, 200_000),
            "contracts/flex_activated contract=5;slot=30;zone=north;escrow=200000" },
        { new FlexVerified(5, new SlotId(30), 1_000, 600, 400, 80_000, 120_000),
            "contracts/flex_verified contract=5;slot=30;baseline=1000;metered=600;reduction=400;paid=80000;released=120000" },
        { new FlexVerified(5, new SlotId(31), 1_000, null, 0, 0, 200_000),
            "contracts/flex_verified contract=5;slot=31;baseline=1000;metered=none;reduction=0;paid=0;released=200000" },
        { new Bonded(A, 100, 300),
            "staking/bonded account={A};amount=100;active=300" },
        { new Unbonded(A, 100, 9),
            "staking/unbonded account={A};amount=100;withdrawable_era=9" },
        { new Rebonded(A, 50),
            "staking/rebonded account={A};amount=50" },
        { new Withdrawn(A, 50),
            "staking/withdrawn account={A};amount=50" },
        { new ValidatorDeclared(A, 50_000_000),
            "staking/validate validator={A};commission_ppb=50000000" },
        { new Nominated(B, [A, B]),
            "staking/nominate nominator={B};targets={A} {B}" },
        { new Chilled(A),
            "staking/chill account={A}" },
        { new EraStarted(2, 101, 3, 9_000),
            "staking/era_started era=2;height=101;validators=3;backing=9000" },
        { new ElectionFailed(2, 0, 1),
            "staking/election_failed era=2;elected=0;min_validators=1" },
        { new ValidatorRewarded(1, A, 10, 5_000, 500, 5_500),
            "staking/reward era=1;validator={A};points=10;share=5000;commission=500;paid=5500" },
        { new EraPaid(1, 100, 100, 11_000, 10_999),
            "staking/era_paid era=1;blocks=100;seconds=100;era_reward=11000;paid=10999" },
        { new EraEndFailed(1, "internal_error", "boom"),
            "staking/era_end_failed era=1;code=internal_error;reason=boom" },
        { new PointsFailed(1, A, "internal_error"),
            "staking/points_failed era=1;validator={A};code=internal_error" },
        { new OffenceReported(A, 55, 1, VoteType.Prevote, 1, B),
            "staking/offence validator={A};height=55;round=1;vote=prevote;era=1;reporter={B}" },
        { new OffenceReported(A, 55, 0, VoteType.Precommit, 1, B),
            "staking/offence validator={A};height=55;round=0;vote=precommit;era=1;reporter={B}" },
        { new Slashed(A, B, 7),
            "staking/slashed offender={A};staker={B};amount=7" },
        { new AccessBonded(A, "issuer", 1_000),
            "staking/access_bonded account={A};role=issuer;amount=1000" },
        { new AccessReleased(A, "issuer", 1_000, 9),
            "staking/access_released account={A};role=issuer;amount=1000;withdrawable_era=9" },
        { new ProposalSubmitted(1, A, ProposalKind.ParameterChange, "set market.gate_closure_s to 600", 100, 50, 60),
            "governance/proposed id=1;proposer={A};kind=ParameterChange;action=set market.gate_closure_s to 600;deposit=100;voting_end=50;" +
            "enactment_height=60" },
        { new ProposalVoted(1, B, VoteChoice.Yes),
            "governance/voted id=1;voter={B};choice=yes" },
        { new ProposalCosigned(1, B),
            "governance/cosigned id=1;dso={B}" },
        { new ProposalTallied(1, ProposalStatus.NoQuorum, 10, 5, 1, 100),
            "governance/tallied id=1;status=no_quorum;yes=10;no=5;abstain=1;total_active=100" },
        { new DepositReturned(1, A, 100),
            "governance/deposit_returned id=1;proposer={A};amount=100" },
        { new DepositForfeited(1, A, 100),
            "governance/deposit_forfeited id=1;proposer={A};amount=100" },
        { new ProposalEnacted(1, 60, "set market.gate_closure_s to 600"),
            "governance/enacted id=1;enactment_height=60;action=set market.gate_closure_s to 600" },
        { new EnactmentFailed(1, "parameter_fixed", "fixed at genesis"),
            "governance/enactment_failed id=1;code=parameter_fixed;reason=fixed at genesis" },
        { new ProposalFailed(1, "internal_error", "boom", 100),
            "governance/proposal_failed id=1;code=internal_error;reason=boom;deposit_returned=100" },
        { new DisputeOpened(1, DisputeSubject.Trade(new SlotId(20), 0), A, B, 500, 10, Token.Grid, 400, true, 1_700_000_600, "short delivery"),
            "disputes/dispute_opened id=1;subject=trade 20:0;opener={A};respondent={B};claim=500;bond=10;bond_token=GRID;held=400;awaiting_settlement=True;" +
            "deadline=1700000600;reason=short delivery" },
        { new DisputeOpened(2, DisputeSubject.ContractPeriod(3, 1), A, B, 500, 10, Token.Watt, 500, false, 1_700_000_600, ""),
            "disputes/dispute_opened id=2;subject=contract 3 period 1;opener={A};respondent={B};claim=500;bond=10;bond_token=WATT;held=500;" +
            "awaiting_settlement=False;deadline=1700000600;reason=" },
        { new DisputeHoldToppedUp(1, B, 300, 100, 500),
            "disputes/dispute_hold_topped_up id=1;respondent={B};received=300;added=100;held=500" },
        { new DisputeVoted(1, A, Ruling.Correct(200), 1, 2),
            "disputes/dispute_vote id=1;arbitrator={A};ruling=correct;amount=200;votes=1;threshold=2" },
        { new DisputeRuled(1, RulingKind.Uphold, 0, 500, 10, Token.Grid, B),
            "disputes/dispute_ruled id=1;ruling=uphold;to_opener=0;released=500;bond=10;bond_token=GRID;bond_to={B}" },
        { new DisputeResolvedByDefault(1, 1, 500, 0, 10, Token.Grid, A),
            "disputes/dispute_resolved_by_default id=1;rule=1;to_opener=500;released=0;bond=10;bond_token=GRID;bond_to={A}" },
        { new DisputeCouncilSet([A, B], 2),
            "disputes/dispute_council_set members={A},{B};threshold=2" },
        { new DisputeCouncilSet([], 0),
            "disputes/dispute_council_set members=;threshold=0" },
        { new DefaultRulingFailed(1, "internal_error", "boom"),
            "disputes/default_ruling_failed id=1;code=internal_error;reason=boom" },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void EveryKind_IsEncodedExactlyAsPinned(IModuleEvent e, string pinned) => Assert.Equal(pinned, Text(Event.From(e)));

    [Theory]
    [MemberData(nameof(Golden))]
    public void EveryKind_ReadBackFromItsStoredForm_IsTheSameEvent(IModuleEvent e, string pinned)
    {
        var stored = Event.From(e) with { Typed = null };
        var read = stored.Decode();

        Assert.NotNull(read);
        Assert.Equal(e.GetType(), read.GetType());
        Assert.Equal(pinned, Text(Event.From(read)));
        if (e is not (Nominated or DisputeCouncilSet)) Assert.Equal(e, read); // those two hold a list, compared by its encoding above
    }

    [Fact]
    public void EveryEventRecordOfTheRuntime_HasAPinnedEncoding()
    {
        var kinds = typeof(IModuleEvent).Assembly.GetTypes().Where(t => t.IsClass && typeof(IModuleEvent).IsAssignableFrom(t)).ToHashSet();
        var pinned = Golden.Select(row => row[0].GetType()).ToHashSet();

        Assert.Empty(kinds.Except(pinned).Select(t => t.Name));
    }

    [Fact]
    public void EveryKindConstant_IsTheKindOfARecord()
    {
        var constants = typeof(IModuleEvent).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Events", StringComparison.Ordinal) && t != typeof(ModuleEvents))
            .SelectMany(t => t.GetFields().Where(f => f.IsLiteral && !(t == typeof(RuntimeEvents) && f.Name == nameof(RuntimeEvents.Module))))
            .Select(f => (string)f.GetValue(null)!).ToHashSet();
        var kinds = Golden.Select(row => ((IModuleEvent)row[0]).Kind).ToHashSet();

        Assert.Equal(constants.Order(), kinds.Order());
    }

    [Fact]
    public void AnEventOfAnUnknownKindOrWithAMalformedAttribute_DecodesToNothing()
    {
        Assert.Null(new Event("market", "no_such_kind", []).Decode());
        Assert.Null(new Event("no_such_module", "trade", []).Decode());
        Assert.Null(new Event("market", MarketEvents.GateClosed, [new("slot", "x"), new("expired", "1"), new("trades", "1")]).Decode());
        Assert.Null(new Event("market", MarketEvents.GateClosed, [new("slot", "1")]).Decode());
    }

    private static string Text(Event e) =>
        $"{e.Module}/{e.Kind} {string.Join(';', e.Attributes.Select(a => $"{a.Key}={a.Value}"))}"
            .Replace(A.ToString(), "{A}", StringComparison.Ordinal).Replace(B.ToString(), "{B}", StringComparison.Ordinal)
            .Replace(M.ToString(), "{M}", StringComparison.Ordinal);
}
