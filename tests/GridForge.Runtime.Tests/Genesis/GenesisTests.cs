using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Genesis;

/// <summary>DESIGN §5 and §6 Governance: the genesis file sets parameters within their bounds and funds
/// accounts; dev accounts exist only on dev chains.</summary>
public sealed class GenesisTests
{
    private static readonly SigningKey Carol = TestKeys.Outsider("carol");
    private static readonly SigningKey OutsideValidator = TestKeys.Outsider("validator");

    private static StateStore Init(GenesisDocument genesis) => RuntimeHarness.Start(genesis).State;

    private static GenesisBuilder AProductionGenesis =>
        Build.A.Genesis.ForChain(TestKeys.ProductionChain).WithValidator(OutsideValidator).WithAccount(Carol, grid: 5, watt: 7);

    [Theory]
    [InlineData("auth", "max_tx_bytes", 1_024)]
    [InlineData("auth", "max_tx_bytes", 1_048_576)]
    [InlineData("auth", "max_block_txs", 1)]
    [InlineData("auth", "block_interval_ms", 60_000)]
    [InlineData("tokens", "min_fee", 0)]
    public void ParameterOverride_WithinItsBounds_IsStoredInState(string module, string name, long value)
    {
        var state = Init(Build.A.Genesis.WithParam(module, name, value).TestObject);
        var spec = ChainRuntime.StandardModules().ByName(module)!.Params.Single(p => p.Name == name);

        Assert.Equal(value, spec.Get(state));
    }

    [Theory]
    [InlineData("auth", "max_tx_bytes", 1_023)]
    [InlineData("auth", "max_tx_bytes", 1_048_577)]
    [InlineData("auth", "max_block_txs", 0)]
    [InlineData("auth", "block_interval_ms", 99)]
    [InlineData("tokens", "min_fee", -1)]
    [InlineData("tokens", "min_fee", 1_000_000_001)]
    public void ParameterOverride_OutsideItsBounds_IsRejected(string module, string name, long value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Init(Build.A.Genesis.WithParam(module, name, value).TestObject));

        Assert.Contains($"{module}.{name}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(700)]
    [InlineData(86_399)]
    public void ASlotLengthThatDoesNotDivideADay_IsRejectedAtGenesis(long seconds)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Init(Build.A.Genesis.WithParam("grid", "slot_seconds", seconds).TestObject));

        Assert.Contains("must divide a day", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParameterOfAnUnknownModule_IsRejected()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Init(Build.A.Genesis.WithParam("no_such_module", "slot_seconds", 900).TestObject));

        Assert.Contains("unknown module", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownParameterOfAKnownModule_IsRejected()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Init(Build.A.Genesis.WithParam("tokens", "max_fee", 1).TestObject));

        Assert.Contains("unknown parameter tokens.max_fee", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParameterNotOverridden_ReadsAsItsDefault()
    {
        var state = Init(Build.A.Genesis.TestObject);

        Assert.Equal(AuthModule.MaxTxBytes.Default, AuthModule.MaxTxBytes.Get(state));
        Assert.Equal(TokensModule.MinFee.Default, TokensModule.MinFee.Get(state));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("validator")]
    public void DevAccount_OnANonDevChain_IsRejected(string name)
    {
        var genesis = AProductionGenesis.WithAccount(DevAccounts.AddressOf(name), watt: 1).TestObject;

        var e = Assert.Throws<InvalidOperationException>(() => Init(genesis));

        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DevValidator_OnANonDevChain_IsRejected()
    {
        var genesis = AProductionGenesis.WithValidator(TestKeys.Validator).TestObject;

        Assert.Throws<InvalidOperationException>(() => Init(genesis));
    }

    [Fact]
    public void DevAccountInARole_OnANonDevChain_IsRejected()
    {
        var genesis = AProductionGenesis.WithRole("dso", TestKeys.Dso.Address).TestObject;

        Assert.Throws<InvalidOperationException>(() => Init(genesis));
    }

    [Fact]
    public void NonDevChain_WithOutsidersOnly_StartsWithTheirBalances()
    {
        var state = Init(AProductionGenesis.TestObject);

        Assert.Equal(new Balance(5, 0), TokensModule.GetBalance(state, Carol.Address, Token.Grid));
        Assert.Equal(new Balance(7, 0), TokensModule.GetBalance(state, Carol.Address, Token.Watt));
        Assert.Equal(5UL, TokensModule.Supply(state, Token.Grid));
    }

    [Fact]
    public void DevAccounts_OnADevChain_AreFunded()
    {
        var state = Init(Build.A.Genesis.Funding(TestKeys.Alice, TestKeys.Bob).TestObject);

        Assert.Equal(GenesisBuilder.DefaultBalance, TokensModule.GetBalance(state, TestKeys.Alice.Address, Token.Watt).Free);
        Assert.Equal(2 * GenesisBuilder.DefaultBalance, TokensModule.Supply(state, Token.Watt));
    }

    [Fact]
    public void Balances_WhoseSumExceedsTheLargestAmount_AreRejected() =>
        Assert.Throws<OverflowException>(() => Init(Build.A.Genesis
            .WithAccount(TestKeys.Alice, grid: ulong.MaxValue)
            .WithAccount(TestKeys.Bob, grid: 1).TestObject));

    [Fact]
    public void Genesis_WithoutValidators_IsRejected()
    {
        var genesis = Build.A.Genesis.TestObject;
        genesis.Validators.Clear();

        Assert.Throws<InvalidOperationException>(() => Init(genesis));
    }

    [Fact]
    public void Genesis_ForAnotherChain_IsRejectedByTheRuntime()
    {
        var runtime = new ChainRuntime("gridforge-dev-a", ChainRuntime.StandardModules());

        Assert.Throws<InvalidOperationException>(() => runtime.InitGenesis(new StateStore(), Build.A.Genesis.ForChain("gridforge-dev-b").TestObject));
    }

    [Fact]
    public void Genesis_ThroughJson_GivesTheSameState()
    {
        var genesis = Build.A.Genesis.Funding(TestKeys.Alice).WithParam("tokens", "min_fee", 7).WithRole("dso", TestKeys.Dso.Address).TestObject;

        var again = GenesisDocument.Parse(genesis.ToJson());

        Assert.Equal(Init(genesis).Root, Init(again).Root);
        Assert.Equal(genesis.ToJson(), again.ToJson());
    }
}
