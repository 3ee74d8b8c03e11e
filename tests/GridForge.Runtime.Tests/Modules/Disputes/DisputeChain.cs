using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Tests.Modules.Grid;
using GridForge.Runtime.Tests.Modules.Market;
using GridForge.Runtime.Tests.Modules.Metering;
using GridForge.Tests.TestKit;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Disputes;

/// <summary>Helpers over a <see cref="MarketChain"/> for dispute tests: alice's solar sells to bob in <see cref="Slot"/>
/// (trade 0: 2,000 Wh at 60,000 µWATT/kWh plus the 5,000 local fee, so b = 65,000 and bob's trade escrow is
/// ceil(2,000 × 65,000 / 1000) = 130,000 µWATT), the slot settles against alice's reading, disputes open and are ruled.</summary>
public static class DisputeChain
{
    public static readonly SigningKey Alice = GridTestChain.Alice;
    public static readonly SigningKey Bob = GridTestChain.Bob;
    public static readonly SigningKey Dso = GridTestChain.Dso;

    /// <summary>The default <c>disputes.min_bond</c>: 10 units.</summary>
    public const ulong Bond = 10_000_000;

    /// <summary>The ruling window of these chains: an hour.</summary>
    public const long RulingWindow = 3_600;

    /// <summary>Bob's escrow for trade 0, the most a claim on it may be.</summary>
    public const ulong TradeEscrow = 130_000;

    public static readonly SlotId Slot = Ahead(2);

    public static readonly DisputeSubject Trade0 = DisputeSubject.Trade(Slot, 0);

    /// <summary>A market chain whose disputes are ruled within <see cref="RulingWindow"/>, with whatever else <paramref name="customize"/> sets.</summary>
    public static GridTestChain NewChain(Action<GenesisBuilder>? customize = null) => MarketChain.Create(b =>
    {
        b.WithParam(DisputesModule.ModuleName, DisputesModule.RulingWindowSeconds.Name, RulingWindow);
        customize?.Invoke(b);
    });

    /// <summary>Alice's meter, her resting ask and bob's bid that takes it: trade 0 of <see cref="Slot"/>.</summary>
    public static MeterKey TradeAliceToBob(this GridTestChain chain)
    {
        var pv = chain.ProductionMeter("alice-pv", Alice.Address);
        chain.Place(Alice, Sell(Slot, 60_000, 2_000));
        chain.Place(Bob, Buy(Slot, 80_000, 2_000));
        return pv;
    }

    /// <summary>The meter reports <paramref name="exported"/> Wh for <see cref="Slot"/> and the slot settles at the close of its
    /// metering window; returns that block's end events.</summary>
    public static IReadOnlyList<Event> Settle(this GridTestChain chain, MeterKey meter, long exported)
    {
        chain.Time = SettleTime - 590;
        chain.Submit(meter.Read(Slot, 0, exported, 0, exported));
        return chain.BlockAt(SettleTime);
    }

    /// <summary>The block time <see cref="Settle"/> settles at.</summary>
    public static long SettleTime => Start(Slot) + 900 + 600;

    public static OpenDisputeMessage Open(DisputeSubject? subject = null, ulong claim = 50_000, ulong bond = Bond, Token token = Token.Watt,
        string reason = "the meter under-read my delivery") => new(subject ?? Trade0, token, new Amount(bond), new Amount(claim), reason);

    /// <summary>Opens a dispute that must be accepted; returns its id.</summary>
    public static ulong Opens(this GridTestChain chain, SigningKey who, OpenDisputeMessage message) =>
        chain.Ok(who, message).Decoded<DisputeOpened>().Single().Id;

    public static Dispute Dispute(this GridTestChain chain, ulong id) => DisputesStore.Get(chain.State, id)!;

    public static RuleDisputeMessage Uphold(ulong id) => new(id, Ruling.Uphold);

    public static RuleDisputeMessage Correct(ulong id, ulong amount) => new(id, Ruling.Correct(amount));

    public static Balance Grid(this GridTestChain chain, SigningKey who) => TokensModule.GetBalance(chain.State, who.Address, Token.Grid);
}
