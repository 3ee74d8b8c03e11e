using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Modules.Stablecoin;

/// <summary>Genesis WATT counts as an initial mint; the genesis names the first issuers (its stablecoin section,
/// or else the <c>issuer</c> role), each owing its share of the genesis WATT against reserves attested at genesis.</summary>
public sealed class StablecoinGenesisTests
{
    private static readonly SigningKey Issuer = TestKeys.Outsider("watt-issuer");
    private static readonly SigningKey Attestor = TestKeys.Outsider("watt-attestor");

    private static GenesisDocument Funded(GenesisBuilder? builder = null) =>
        (builder ?? Build.A.Genesis).Funding(TestKeys.Alice, TestKeys.Bob).TestObject;

    [Fact]
    public void GenesisWatt_CountsAsAnInitialMint_AttributedToTheSectionsIssuers()
    {
        var genesis = StablecoinTestBase.WithStablecoinSection(Funded(), new
        {
            issuers = new object[]
            {
                new { address = Issuer.Address.ToString(), attestor = Attestor.Address.ToString(), outstanding = 1_500_000_000UL, reserves = 2_000_000_000UL },
                new { address = TestKeys.Charlie.Address.ToString(), outstanding = 300_000_000UL },
            },
        });

        var chain = RuntimeHarness.Start(genesis);

        var totals = StablecoinState.Totals(chain.State);
        Assert.Equal(2 * GenesisBuilder.DefaultBalance, TokensModule.Supply(chain.State, Token.Watt));
        Assert.Equal((2 * GenesisBuilder.DefaultBalance, 0UL, 2 * GenesisBuilder.DefaultBalance, 200_000_000UL),
            (totals.Minted, totals.Burned, totals.GenesisMinted, totals.UnattributedGenesis));
        var first = StablecoinState.Issuer(chain.State, Issuer.Address)!;
        Assert.Equal(new IssuerRecord(Attestor.Address, true, 1_500_000_000, 0, 0, 2_000_000_000, genesis.GenesisTime, 0), first);
        var second = StablecoinState.Issuer(chain.State, TestKeys.Charlie.Address)!;
        Assert.Equal((TestKeys.Charlie.Address, 300_000_000UL, 300_000_000UL), (second.Attestor, second.Outstanding, second.Reserves));
        Assert.Empty(StablecoinAudit.Violations(chain.State));
    }

    [Fact]
    public void WithoutASection_TheIssuerRoleHolderIsTheGenesisIssuer_OwingAllGenesisWatt()
    {
        var chain = RuntimeHarness.Start(Funded(Build.A.Genesis.WithRole("issuer", Issuer.Address)));

        var record = StablecoinState.Issuer(chain.State, Issuer.Address)!;
        Assert.Equal(new IssuerRecord(Issuer.Address, true, 2 * GenesisBuilder.DefaultBalance, 0, 0, 2 * GenesisBuilder.DefaultBalance,
            GenesisBuilder.DefaultTime, 0), record);
        Assert.Equal(0UL, StablecoinState.Totals(chain.State).UnattributedGenesis);
        Assert.Empty(StablecoinAudit.Violations(chain.State));
    }

    [Fact]
    public void WithoutASectionOrIssuerRole_GenesisWattIsUnattributed_AndThereIsNoIssuer()
    {
        var chain = RuntimeHarness.Start(Funded());

        Assert.Empty(StablecoinQueries.Issuers(chain.State));
        Assert.Equal(2 * GenesisBuilder.DefaultBalance, StablecoinState.Totals(chain.State).UnattributedGenesis);
        Assert.Empty(StablecoinAudit.Violations(chain.State));
    }

    [Theory]
    [InlineData(100UL, 99UL, "reserves")]
    [InlineData(3 * GenesisBuilder.DefaultBalance, null, "mints only")]
    public void AGenesisIssuer_OwingMoreThanItsReservesOrTheGenesisWatt_IsRefused(ulong outstanding, ulong? reserves, string says)
    {
        var genesis = StablecoinTestBase.WithStablecoinSection(Funded(),
            new { issuers = new[] { new { address = Issuer.Address.ToString(), outstanding, reserves } } });

        var e = Assert.Throws<InvalidOperationException>(() => RuntimeHarness.Start(genesis));
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void AGenesisIssuerNamedTwice_IsRefused()
    {
        var entry = new { address = Issuer.Address.ToString(), outstanding = 1UL };
        var genesis = StablecoinTestBase.WithStablecoinSection(Funded(), new { issuers = new[] { entry, entry } });

        Assert.Contains("twice", Assert.Throws<InvalidOperationException>(() => RuntimeHarness.Start(genesis)).Message);
    }

    [Fact]
    public void ADevAttestor_IsRefusedOnANonDevChain()
    {
        var genesis = StablecoinTestBase.WithStablecoinSection(
            Build.A.Genesis.ForChain(TestKeys.ProductionChain).WithValidator(TestKeys.Outsider("v")).WithAccount(Issuer, watt: 10).TestObject,
            new { issuers = new[] { new { address = Issuer.Address.ToString(), attestor = TestKeys.Alice.Address.ToString(), outstanding = 10UL } } });

        Assert.Contains("dev account", Assert.Throws<InvalidOperationException>(() => RuntimeHarness.Start(genesis)).Message);
    }

    [Fact]
    public void AMalformedSection_IsRefusedWithAClearError()
    {
        var genesis = StablecoinTestBase.WithStablecoinSection(Funded(), new { issuers = "nobody" });

        Assert.Contains("stablecoin section", Assert.Throws<InvalidOperationException>(() => RuntimeHarness.Start(genesis)).Message);
    }

    [Fact]
    public void TheSection_SurvivesTheGenesisFileRoundTrip()
    {
        var genesis = StablecoinTestBase.WithStablecoinSection(Funded(),
            new { issuers = new[] { new { address = Issuer.Address.ToString(), outstanding = 5UL } } });
        var parsed = GenesisDocument.Parse(genesis.ToJson());
        var runtime = new ChainRuntime(parsed.ChainId, ChainRuntime.StandardModules());
        var state = new StateStore();
        var overlay = new StateOverlay(state);

        runtime.InitGenesis(overlay, parsed);
        state.Apply(overlay.SortedWrites());

        Assert.Equal(5UL, StablecoinState.Issuer(state, Issuer.Address)!.Outstanding);
    }
}
