using GridForge.Runtime.Genesis;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridForge.Chain;
using GridForge.Consensus.Messages;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Node.Api;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Transactions;

namespace GridForge.Node.Tests;

/// <summary>The staking and governance endpoints against a real dev node in-process (blocks produced by the test), with
/// short eras and governance periods: validators and their backing, the next set, bonds and pending rewards, proposals
/// with live tallies, parameters; and slashing evidence built from a commit the node really signed.</summary>
public sealed class StakingGovernanceApiTests : InProcessNodeTest
{
    private const ulong Unit = 1_000_000;
    private const ulong DevValidatorBond = 900_000 * Unit;
    private static readonly Address Validator = DevAccounts.AddressOf("validator");
    private static readonly Address Alice = DevAccounts.AddressOf("alice");

    protected override GenesisDocument Genesis()
    {
        var genesis = DevChain.Genesis(Time);
        genesis.Params[StakingModule.ModuleName]["era_blocks"] = 5;
        genesis.Params[GovernanceModule.ModuleName] = new(StringComparer.Ordinal) { ["voting_period_blocks"] = 3, ["enactment_delay_blocks"] = 2 };
        return genesis;
    }

    /// <summary>Submits, produces a block, and asserts the transaction's message succeeded.</summary>
    private async Task Submit(string from, IMessage message)
    {
        var tx = Sign(from, message);
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsJsonAsync("api/v1/transactions",
            new SubmitRequest(Convert.ToHexStringLower(tx.Encoded)))).StatusCode);
        Produce();
        var status = (await _http.GetFromJsonAsync<TxStatusResponse>($"api/v1/transactions/{tx.Id}"))!;
        Assert.True(status.Success == true, $"{status.Code}: {status.Message}");
    }

    private void Produce(int blocks = 1)
    {
        for (var i = 0; i < blocks; i++) _host.Chain.ProduceBlock(++_time);
    }

    private Task<T?> Get<T>(string path) => _http.GetFromJsonAsync<T>(path);

    private static async Task<string?> Code(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("code").GetString();
    }

    [Fact]
    public async Task Staking_ServesTheSelfBondedDevValidator_ItsEra_TheNextSetAndTheIssuanceAccount()
    {
        var era = (await Get<StakingEndpoints.EraResponse>("api/v1/staking/era"))!;
        Assert.Equal((0UL, 1UL, 5UL, 5UL, DevValidatorBond), (era.Era, era.StartHeight, era.EraBlocks, era.LastHeight, era.TotalActive));

        var current = Assert.Single((await Get<List<StakingEndpoints.ValidatorResponse>>("api/v1/staking/validators"))!);
        Assert.Equal((Validator.ToString(), 1UL, DevValidatorBond, 50_000_000U), (current.Address, current.Power, current.Own, current.CommissionPpb));
        var next = Assert.Single((await Get<List<StakingEndpoints.ValidatorResponse>>("api/v1/staking/validators/next"))!);
        Assert.Equal((Validator.ToString(), DevValidatorBond), (next.Address, next.Power));

        var account = (await Get<StakingEndpoints.StakerResponse>($"api/v1/staking/accounts/{Validator}"))!;
        Assert.Equal(("validator", DevValidatorBond, (uint?)50_000_000), (account.Role, account.Active, account.CommissionPpb));
        var issuance = (await Get<StakingEndpoints.IssuanceResponse>("api/v1/staking/issuance"))!;
        Assert.Equal(issuance.Supply, issuance.ExpectedSupply);
    }

    [Fact]
    public async Task ABondAndNomination_BackTheValidatorFromTheNextEra_AndEarnRewardsShownAsPending()
    {
        await Submit("alice", new BondMessage(new Amount(100_000 * Unit)));
        await Submit("alice", new NominateMessage([Validator]));
        var alice = (await Get<StakingEndpoints.StakerResponse>($"api/v1/staking/accounts/{Alice}"))!;
        Assert.Equal(("nominator", 100_000 * Unit, Validator.ToString()), (alice.Role, alice.Active, Assert.Single(alice.Nominations)));
        Assert.Equal(900_000 * Unit, (await Get<AccountResponse>($"api/v1/accounts/{Alice}"))!.Grid.Free);

        Produce(3);
        // Era 1's set was elected at the end of block 3: block 4 is still signed by the genesis set (power 1), and the
        // elected one signs from block 5 (the set-change offset, two blocks).
        Assert.Equal(1UL, Assert.Single((await Get<List<StakingEndpoints.ValidatorResponse>>("api/v1/staking/validators"))!).Power);
        Produce();
        var validator = Assert.Single((await Get<List<StakingEndpoints.ValidatorResponse>>("api/v1/staking/validators"))!);
        Assert.Equal(DevValidatorBond + (100_000 * Unit), validator.Power);
        Assert.Equal(Alice.ToString(), Assert.Single(validator.Nominators).Nominator);

        Produce(3);
        var pending = (await Get<StakingEndpoints.StakerResponse>($"api/v1/staking/accounts/{Alice}"))!.PendingReward;
        Assert.True(pending > 0);
        var before = (await Get<AccountResponse>($"api/v1/accounts/{Alice}"))!.Grid.Free;
        Produce();
        Assert.Equal(2UL, (await Get<StakingEndpoints.EraResponse>("api/v1/staking/era"))!.Era);
        Assert.True((await Get<AccountResponse>($"api/v1/accounts/{Alice}"))!.Grid.Free > before);
        var issuance = (await Get<StakingEndpoints.IssuanceResponse>("api/v1/staking/issuance"))!;
        Assert.True(issuance.Rewards > 0);
        Assert.Equal(issuance.Supply, issuance.ExpectedSupply);

        // Re-executed from genesis, the chain agrees: headers carry each era's set, commits verify against it.
        var headers = Enumerable.Range(1, (int)_host.Chain.Height).Select(h => _host.Chain.GetBlock((ulong)h)!.Header).ToList();
        Assert.Equal(2, headers.Select(h => h.ValidatorSetHash).Distinct().Count()); // power 1 in era 0, the backing from era 1
        var report = Chain.Verification.ChainVerifier.Verify(_data);
        Assert.True(report.Ok, report.ToString());
    }

    [Fact]
    public async Task AProposal_ShowsItsLiveTally_ThenPasses_AndItsParameterChangeIsServedFromTheEnactmentHeight()
    {
        await Submit("alice", new ProposeMessage(ProposalAction.SetParameter("tokens", "min_fee", 150), "a slightly higher fee floor"));
        var proposal = Assert.Single((await Get<List<GovernanceEndpoints.ProposalResponse>>("api/v1/governance/proposals?status=voting"))!);
        Assert.Equal(("ParameterChange", "tokens.min_fee = 150", 0UL), (proposal.Kind, proposal.Action, proposal.Tally.Yes));

        await Submit("validator", new VoteMessage(proposal.Id, VoteChoice.Yes));
        var live = (await Get<GovernanceEndpoints.ProposalResponse>($"api/v1/governance/proposals/{proposal.Id}"))!;
        Assert.Equal((DevValidatorBond, true, true, true), (live.Tally.Yes, live.Tally.Live, live.Tally.QuorumReached, live.Tally.ThresholdReached));
        var vote = Assert.Single((await Get<List<GovernanceEndpoints.VoteResponse>>($"api/v1/governance/proposals/{proposal.Id}/votes"))!);
        Assert.Equal((Validator.ToString(), "yes", DevValidatorBond), (vote.Voter, vote.Choice, vote.Weight));

        while (_host.Chain.Height < proposal.EnactmentHeight - 1) Produce();

        var enacted = (await Get<GovernanceEndpoints.ProposalResponse>($"api/v1/governance/proposals/{proposal.Id}"))!;
        Assert.Equal(("enacted", false), (enacted.Status, enacted.Tally.Live));
        var minFee = (await Get<List<GovernanceEndpoints.ParamResponse>>("api/v1/governance/params"))!.Single(p => p is { Module: "tokens", Name: "min_fee" });
        Assert.Equal((150L, 100L, 0L), (minFee.Value, minFee.Default, minFee.Min));
        var tooLow = Sign("bob", new Runtime.Modules.Tokens.TransferMessage(Alice, Token.Watt, new Amount(1)));
        var refused = await _http.PostAsJsonAsync("api/v1/transactions", new SubmitRequest(Convert.ToHexStringLower(tooLow.Encoded)));
        Assert.Equal("fee_too_low", await Code(refused));
    }

    [Fact]
    public async Task EquivocationEvidence_FromARealCommitAndASecondSignedVote_SlashesTheValidator()
    {
        Produce(2);
        var precommit = Assert.Single(_host.Chain.GetCommit(1)!.ToCertificate().Precommits);
        var other = precommit.Vote with { ValueId = Hashing.Sha256("a conflicting block"u8) };
        var second = new SignedVote(other, Validator, DevAccounts.Key("validator").Sign(other.SignBytes(DevChain.ChainId).ToArray()));

        await Submit("bob", new ReportEquivocationMessage(precommit, second));

        var account = (await Get<StakingEndpoints.StakerResponse>($"api/v1/staking/accounts/{Validator}"))!;
        Assert.Equal((1UL, DevValidatorBond / 10 * 9, "none"), (account.LastOffenceHeight, account.Active, account.Role));
        var issuance = (await Get<StakingEndpoints.IssuanceResponse>("api/v1/staking/issuance"))!;
        Assert.Equal((DevValidatorBond / 10, issuance.Supply), (issuance.Slashed, issuance.ExpectedSupply));
        // The only validator stays in the set (the chain would stop without it) but earns nothing for the era.
        Assert.True(Assert.Single((await Get<List<StakingEndpoints.ValidatorResponse>>("api/v1/staking/validators"))!).SlashedThisEra);
    }

    [Fact]
    public async Task BadAddresses_AndUnknownProposalsOrExposures_AreProblemsWithCodes()
    {
        Assert.Equal("invalid_address", await Code(await _http.GetAsync("api/v1/staking/accounts/nope")));
        Assert.Equal("not_found", await Code(await _http.GetAsync("api/v1/governance/proposals/99")));
        Assert.Equal("not_found", await Code(await _http.GetAsync($"api/v1/staking/exposures/0/{Alice}")));
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"api/v1/staking/exposures/0/{Validator}")).StatusCode);
    }
}
