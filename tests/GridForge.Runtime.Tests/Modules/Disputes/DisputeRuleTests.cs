using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Market;
using static GridForge.Runtime.Tests.Modules.Disputes.DisputeChain;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Disputes;

/// <summary>The rules of opening, holding and ruling (docs/disputes.md), each with values computed by hand: bob (the buyer of
/// trade 0) disputes against alice (the seller), the DSO arbitrates.</summary>
public sealed class DisputeRuleTests
{
    private readonly GridTestChain _chain = NewChain();

    [Fact]
    public void Opening_ReservesTheBondOnTheOpener_AndHoldsTheClaimOnTheRespondent()
    {
        _chain.TradeAliceToBob();
        var alice = _chain.Watt(Alice);
        var bob = _chain.Watt(Bob);
        var time = _chain.Time;

        var events = _chain.Ok(Bob, Open(claim: 50_000));

        var opened = Assert.Single(events);
        Assert.Equal((DisputesModule.ModuleName, DisputesEvents.Opened), (opened.Module, opened.Kind));
        var typed = Assert.IsType<DisputeOpened>(opened.Decode());
        Assert.Equal((1UL, Trade0, 50_000UL, true, time + RulingWindow), (typed.Id, typed.Subject, typed.Held, typed.AwaitingSettlement, typed.Deadline));
        Assert.Equal(new Balance(alice.Free - 50_000, alice.Reserved + 50_000), _chain.Watt(Alice));
        Assert.Equal(new Balance(bob.Free - Bond - GridForge.Tests.TestKit.TransactionBuilder.DefaultFee, bob.Reserved + Bond), _chain.Watt(Bob));
        var d = _chain.Dispute(1);
        Assert.Equal((Bob.Address, Alice.Address, 50_000UL, 50_000UL, DisputeStatus.Open, true),
            (d.Opener, d.Respondent, d.Claim, d.Held, d.Status, d.AwaitingSettlement));
    }

    [Fact]
    public void OpeningIsRefused_ForEachBrokenRule_ChangingOnlyFeeAndNonce()
    {
        _chain.TradeAliceToBob();
        _chain.FailsChangingOnlyFeeAndNonce(Charlie, Open(), DisputesCodes.NotParty);
        _chain.FailsChangingOnlyFeeAndNonce(Bob, Open(DisputeSubject.Trade(Slot, 1)), DisputesCodes.UnknownTrade);
        _chain.FailsChangingOnlyFeeAndNonce(Bob, Open(DisputeSubject.ContractPeriod(1, 1)), DisputesCodes.UnknownContractPeriod);
        _chain.FailsChangingOnlyFeeAndNonce(Bob, Open(DisputeSubject.SettlementOf(Slot, 0)), DisputesCodes.NotSettled);
        _chain.FailsChangingOnlyFeeAndNonce(Bob, Open(claim: 0), DisputesCodes.ClaimOutOfBounds);
        _chain.FailsChangingOnlyFeeAndNonce(Bob, Open(claim: TradeEscrow + 1), DisputesCodes.ClaimOutOfBounds);
        _chain.FailsChangingOnlyFeeAndNonce(Bob, Open(bond: Bond - 1), DisputesCodes.BondTooSmall);
        _chain.FailsChangingOnlyFeeAndNonce(Bob, Open(reason: " "), DisputesCodes.InvalidReason);
        _chain.FailsChangingOnlyFeeAndNonce(Bob, Open(reason: new string('é', 141)), DisputesCodes.InvalidReason);
        _chain.FailsChangingOnlyFeeAndNonce(Bob, Open(bond: 2_000 * Amount.MicroPerUnit, token: Token.Grid), RejectionCodes.InsufficientFunds);

        _chain.Opens(Bob, Open(claim: TradeEscrow, reason: new string('é', 140)));
        _chain.FailsChangingOnlyFeeAndNonce(Alice, Open(), DisputesCodes.AlreadyDisputed);
    }

    [Fact]
    public void Uphold_ReleasesTheHoldToTheRespondent_AndTheBondIsLostToTheRespondent_Once()
    {
        _chain.TradeAliceToBob();
        var id = _chain.Opens(Bob, Open(claim: 50_000));
        var alice = _chain.Watt(Alice);
        var bob = _chain.Watt(Bob);

        var events = _chain.Ok(Dso, Uphold(id));

        Assert.Equal([DisputesEvents.Vote, DisputesEvents.Ruled], events.Select(e => e.Kind));
        var ruled = Assert.IsType<DisputeRuled>(events[1].Decode());
        Assert.Equal((RulingKind.Uphold, 0UL, 50_000UL, Alice.Address), (ruled.Ruling, ruled.ToOpener, ruled.Released, ruled.BondTo));
        Assert.Equal(new Balance(alice.Free + 50_000 + Bond, alice.Reserved - 50_000), _chain.Watt(Alice));
        Assert.Equal(new Balance(bob.Free, bob.Reserved - Bond), _chain.Watt(Bob));
        Assert.Equal((DisputeStatus.Upheld, 0UL, 50_000UL), (_chain.Dispute(id).Status, _chain.Dispute(id).ToOpener, _chain.Dispute(id).Released));

        _chain.FailsChangingOnlyFeeAndNonce(Dso, Uphold(id), DisputesCodes.DisputeClosed);
        _chain.FailsChangingOnlyFeeAndNonce(Dso, Correct(id, 1), DisputesCodes.DisputeClosed);
        // The funds are free again: a new dispute over the same trade may be opened.
        _chain.Opens(Alice, Open(claim: 1));
    }

    [Fact]
    public void Correct_MovesTheAmountToTheOpener_ReleasesTheRest_AndReturnsTheBond()
    {
        _chain.TradeAliceToBob();
        var id = _chain.Opens(Bob, Open(claim: 50_000, token: Token.Grid));
        var alice = _chain.Watt(Alice);
        var bob = _chain.Watt(Bob);
        var bobGrid = _chain.Grid(Bob);

        var ruled = Assert.IsType<DisputeRuled>(_chain.Ok(Dso, Correct(id, 20_000))[^1].Decode());

        Assert.Equal((RulingKind.Correct, 20_000UL, 30_000UL, Bob.Address), (ruled.Ruling, ruled.ToOpener, ruled.Released, ruled.BondTo));
        Assert.Equal(new Balance(alice.Free + 30_000, alice.Reserved - 50_000), _chain.Watt(Alice));
        Assert.Equal(new Balance(bob.Free + 20_000, bob.Reserved), _chain.Watt(Bob));
        Assert.Equal(new Balance(bobGrid.Free + Bond, bobGrid.Reserved - Bond), _chain.Grid(Bob));
        Assert.Equal(DisputeStatus.Corrected, _chain.Dispute(id).Status);
    }

    [Fact]
    public void TheArbitrator_CannotMoveMoreThanIsHeld()
    {
        _chain.TradeAliceToBob();
        var id = _chain.Opens(Bob, Open(claim: 50_000));

        _chain.FailsChangingOnlyFeeAndNonce(Dso, Correct(id, 50_001), DisputesCodes.OverHeld);
        _chain.Ok(Dso, Correct(id, 50_000));
        Assert.Equal((50_000UL, 0UL), (_chain.Dispute(id).ToOpener, _chain.Dispute(id).Released));
    }

    [Fact]
    public void OnlyTheArbitrator_Rules_NeverOnADisputeItIsPartyTo_AndAnUpholdMovesNothing()
    {
        _chain.TradeAliceToBob();
        var id = _chain.Opens(Bob, Open());
        _chain.FailsChangingOnlyFeeAndNonce(Charlie, Uphold(id), DisputesCodes.NotArbitrator);
        _chain.FailsChangingOnlyFeeAndNonce(Alice, Uphold(id), DisputesCodes.NotArbitrator);
        _chain.FailsChangingOnlyFeeAndNonce(Dso, new RuleDisputeMessage(id, new Ruling(RulingKind.Uphold, 5)), DisputesCodes.InvalidRuling);
        _chain.FailsChangingOnlyFeeAndNonce(Dso, Uphold(99), DisputesCodes.UnknownDispute);

        // The DSO buys 500 Wh from alice (trade 1); alice's dispute of it names the DSO as respondent.
        _chain.Place(Alice, Sell(Slot, 60_000, 500));
        _chain.Place(Dso, Buy(Slot, 80_000, 500));
        var against = _chain.Opens(Alice, Open(DisputeSubject.Trade(Slot, 1), claim: 1_000));
        Assert.Equal(Dso.Address, _chain.Dispute(against).Respondent);
        _chain.FailsChangingOnlyFeeAndNonce(Dso, Uphold(against), DisputesCodes.PartyCannotRule);
    }

    [Fact]
    public void AHoldOpenedBeforeSettlement_IsToppedUpFromWhatTheRespondentReceives_UpToTheClaim()
    {
        // A seller with 3,000 µWATT: its order's fee leaves 2,000 free, all the hold can take at opening.
        var poor = Core.Crypto.SigningKey.FromSeed(Core.Crypto.Hashing.Domain("test", "poor disputed seller"u8).ToArray());
        _chain.Ok(Alice, new TransferMessage(poor.Address, Token.Watt, new Amount(3_000)));
        var pv = _chain.ProductionMeter("poor-pv", poor.Address);
        _chain.Place(poor, Sell(Slot, 60_000, 1_000));
        _chain.Place(Bob, Buy(Slot, 80_000, 1_000));                               // b = 65,000: bob's escrow 65,000
        var id = _chain.Opens(Bob, Open(claim: 65_000));
        Assert.Equal((2_000UL, 0UL), (_chain.Dispute(id).Held, _chain.Watt(poor).Free));

        // All 1,000 Wh delivered: the seller receives floor(1,000 × 60,000 / 1000) = 60,000; the hold takes
        // min(65,000 − 2,000, 60,000, free 60,000) = 60,000.
        var events = _chain.Settle(pv, 1_000);

        var topped = Assert.Single(events.Decoded<DisputeHoldToppedUp>());
        Assert.Equal((60_000UL, 60_000UL, 62_000UL), (topped.Received, topped.Added, topped.Held));
        Assert.Equal(new Balance(0, 62_000), _chain.Watt(poor));
        Assert.Equal((62_000UL, false), (_chain.Dispute(id).Held, _chain.Dispute(id).AwaitingSettlement));
        _chain.FailsChangingOnlyFeeAndNonce(Dso, Correct(id, 62_001), DisputesCodes.OverHeld);
        _chain.Ok(Dso, Correct(id, 62_000));
        Assert.Equal(new Balance(0, 0), _chain.Watt(poor));
    }

    [Fact]
    public void AFullHold_IsNotToppedUp_AndTheHoldOutlivesTheTradesOwnEscrow()
    {
        var pv = _chain.TradeAliceToBob();
        var id = _chain.Opens(Bob, Open(claim: 40_000));
        var alice = _chain.Watt(Alice);

        var topped = Assert.Single(_chain.Settle(pv, 2_000).Decoded<DisputeHoldToppedUp>());

        // Alice is paid floor(2,000 × 60,000 / 1000) = 120,000 as usual; the 40,000 held stay reserved.
        Assert.Equal((120_000UL, 0UL, 40_000UL), (topped.Received, topped.Added, topped.Held));
        Assert.Equal(new Balance(alice.Free + 120_000, 40_000), _chain.Watt(Alice));
        Assert.Equal(new Balance(_chain.Watt(Bob).Free, Bond), _chain.Watt(Bob));
    }

    [Fact]
    public void ASettlement_IsDisputableOnlyWithinTheOpenWindowAfterItsSlotSettled()
    {
        var chain = NewChain(b => b.WithParam(DisputesModule.ModuleName, DisputesModule.OpenWindowSeconds.Name, 100));
        var pv = chain.TradeAliceToBob();
        chain.Settle(pv, 1_500);
        Assert.Equal(SettleTime, DisputesStore.SettledAt(chain.State, Slot));

        chain.Time = SettleTime + 100;
        var id = chain.Opens(Bob, Open(DisputeSubject.SettlementOf(Slot, 0), claim: 10_000));
        Assert.Equal((10_000UL, false), (chain.Dispute(id).Held, chain.Dispute(id).AwaitingSettlement));
        chain.Ok(Dso, Uphold(id));
        chain.FailsChangingOnlyFeeAndNonce(Bob, Open(DisputeSubject.SettlementOf(Slot, 0), claim: 10_000), DisputesCodes.WindowClosed);
        chain.FailsChangingOnlyFeeAndNonce(Bob, Open(claim: 10_000), DisputesCodes.WindowClosed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void AnUndecidedDispute_ResolvesByTheDefaultRuleAtItsDeadline_AndReturnsTheBond(long rule)
    {
        // Ten minutes to rule: the deadline comes before the slot's gate closes, so nothing else moves the balances.
        var chain = NewChain(b => b.WithParam(DisputesModule.ModuleName, DisputesModule.DefaultRule.Name, rule)
            .WithParam(DisputesModule.ModuleName, DisputesModule.RulingWindowSeconds.Name, 600));
        chain.TradeAliceToBob();
        var id = chain.Opens(Bob, Open(claim: 50_000));
        var alice = chain.Watt(Alice);
        var bob = chain.Watt(Bob);
        var deadline = chain.Dispute(id).Deadline;

        Assert.DoesNotContain(chain.BlockAt(deadline - 1), e => e.Module == DisputesModule.ModuleName);
        var resolved = Assert.Single(chain.BlockAt(deadline).Decoded<DisputeResolvedByDefault>());

        var toBob = rule == 0 ? 0UL : 50_000UL;
        Assert.Equal((toBob, 50_000 - toBob, Bob.Address), (resolved.ToOpener, resolved.Released, resolved.BondTo));
        Assert.Equal(new Balance(alice.Free + 50_000 - toBob, alice.Reserved - 50_000), chain.Watt(Alice));
        Assert.Equal(new Balance(bob.Free + Bond + toBob, bob.Reserved - Bond), chain.Watt(Bob));
        Assert.Equal(rule == 0 ? DisputeStatus.DefaultUpheld : DisputeStatus.DefaultCorrected, chain.Dispute(id).Status);
        chain.FailsChangingOnlyFeeAndNonce(Dso, Uphold(id), DisputesCodes.DisputeClosed);
    }

    [Fact]
    public void ARulingInTheBlockThatReachesTheDeadline_IsTooLate()
    {
        _chain.TradeAliceToBob();
        var id = _chain.Opens(Bob, Open());
        _chain.Time = _chain.Dispute(id).Deadline;

        Assert.Equal(DisputesCodes.RulingWindowClosed, _chain.Run(Dso, Uphold(id)).Rejection?.Code);
        Assert.Equal(DisputeStatus.DefaultUpheld, _chain.Dispute(id).Status);
    }

    [Fact]
    public void EndBlock_ResolvesDueDisputesEarliestDeadlineFirst_AtMostTheCapPerBlock()
    {
        var chain = NewChain(b => b.WithParam(DisputesModule.ModuleName, DisputesModule.MaxResolutionsPerBlock.Name, 1));
        chain.TradeAliceToBob();
        chain.Place(Alice, Sell(Slot, 60_000, 500));
        chain.Place(Charlie, Buy(Slot, 80_000, 500));
        var late = chain.Opens(Bob, Open());
        // A shorter window for the second: its deadline comes first although it was opened later.
        DisputesModule.RulingWindowSeconds.Set(chain.State, 60);
        var early = chain.Opens(Charlie, Open(DisputeSubject.Trade(Slot, 1), claim: 1_000));
        Assert.True(chain.Dispute(early).Deadline < chain.Dispute(late).Deadline);

        var first = chain.BlockAt(chain.Dispute(late).Deadline + 10).Decoded<DisputeResolvedByDefault>().Single();
        var second = chain.RunBlockEvents().Decoded<DisputeResolvedByDefault>().Single();

        Assert.Equal((early, late), (first.Id, second.Id));
        Assert.DoesNotContain(chain.RunBlockEvents(), e => e.Module == DisputesModule.ModuleName);
    }
}
