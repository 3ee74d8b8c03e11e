using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Tests.Execution;

/// <summary>Issue 15, typed parameters: a parameter spec knows its module, so every call site reads
/// <c>Spec.Get(state)</c> and none can name another module's key.</summary>
public sealed class ParamSpecTests
{
    [Fact]
    public void EveryParameter_LivesUnderItsOwnModulesName_AtADistinctKey()
    {
        var modules = ChainRuntime.StandardModules().All;
        var specs = modules.SelectMany(m => m.Params.Select(p => (Module: m.Name, Spec: p))).ToList();

        Assert.All(specs, s => Assert.Equal(s.Module, s.Spec.Module));
        Assert.All(specs, s => Assert.Equal(StateKey.Of($"params/{s.Module}/{s.Spec.Name}"), s.Spec.Key));
        Assert.Equal(specs.Count, specs.Select(s => s.Spec.Key).Distinct().Count());
    }

    [Fact]
    public void AParameter_ReadsItsDefaultUntilSet_ThenWhatWasSet_AndRefusesAValueOutsideItsBounds()
    {
        var state = new StateStore();

        Assert.Equal(MarketModule.MaxOrderWh.Default, MarketModule.MaxOrderWh.Get(state));
        MarketModule.MaxOrderWh.Set(state, 1_234);
        Assert.Equal(1_234, MarketModule.MaxOrderWh.Get(state));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokensModule.MinFee.Set(state, TokensModule.MinFee.Max + 1));
        Assert.Equal(TokensModule.MinFee.Default, TokensModule.MinFee.Get(state));
    }

    [Fact]
    public void AModuleListingAnotherModulesParameter_IsRefusedWhenTheRuntimeIsBuilt()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new ModuleHost([new Stray()]));

        Assert.Equal("module stray lists the parameter market.max_order_wh of another module", e.Message);
    }

    private sealed class Stray : IModule
    {
        public byte Id => 250;

        public string Name => "stray";

        public IReadOnlyList<ParamSpec> Params => [MarketModule.MaxOrderWh];

        public void RegisterMessages(MessageRegistry registry)
        {
        }

        public void InitGenesis(TxContext context, GenesisDocument genesis)
        {
        }

        public Rejection? Execute(TxContext context, IMessage message) => null;

        public void EndBlock(TxContext context)
        {
        }
    }
}
