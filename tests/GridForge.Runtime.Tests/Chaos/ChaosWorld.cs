using System.Text.Json;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
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
using GridForge.Runtime.State;
using GridForge.Runtime.Tests.Modules.Metering;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Chaos;

/// <summary>One step of a chaos run, as choices CsCheck can shrink: which kind of message, who sends it, and values — each
/// drawn from the edges (0, 1, a bound, one past it, the type's extremes) as often as from the middle.</summary>
public sealed record ChaosOp(int Kind, int Sender, int A, int B, long X, long Y, long Z);

/// <summary>The chaos chain: a grid of three zones, a DSO, an issuer and its attestor, one bonded validator that also votes
/// every proposal through, traders, a gateway, meters; short governance, eras, metering windows and ruling windows so that a
/// run of a few dozen blocks crosses gate closures, settlements, contract periods, default rulings, enactments and era ends.
/// <see cref="Message"/> turns an op into the message it stands for, reading the state only for ids and registers, so the
/// same ops on the same chain always give the same bytes.</summary>
internal static class ChaosWorld
{
    public const long StartTime = 1_800_000_000;
    public const long SlotSeconds = 900;
    public const long Window = 600;

    public static readonly SigningKey Dso = TestKeys.Dso;
    public static readonly SigningKey Issuer = TestKeys.Outsider("chaos-issuer");
    public static readonly SigningKey Attestor = TestKeys.Outsider("chaos-attestor");
    public static readonly SigningKey Validator = TestKeys.Outsider("chaos-validator");
    public static readonly SigningKey Gateway = TestKeys.Outsider("chaos-gateway");
    public static readonly SigningKey[] Traders = [TestKeys.Alice, TestKeys.Bob, TestKeys.Charlie];
    public static readonly SigningKey[] Everyone = [.. Traders, Dso, Issuer, Attestor, Validator, Gateway];
    public static readonly ZoneId[] Zones = [new("Z1"), new("Z2"), new("Z3")];
    public static readonly MeterKey[] Meters = [.. Enumerable.Range(0, 9).Select(i => MeterFixture.Key($"chaos-meter-{i}"))];

    private const ulong Funds = 1_000_000 * Amount.MicroPerUnit;

    public static GenesisDocument Genesis()
    {
        var builder = Build.A.Genesis.At(StartTime).WithRole(GridModule.DsoRole, Dso.Address)
            .WithParam(StakingModule.ModuleName, StakingModule.EraBlocks.Name, 7)
            .WithParam(StakingModule.ModuleName, StakingModule.UnbondingEras.Name, 1)
            .WithParam(GovernanceModule.ModuleName, GovernanceModule.VotingPeriod.Name, 2)
            .WithParam(GovernanceModule.ModuleName, GovernanceModule.EnactmentDelay.Name, 1)
            .WithParam(GovernanceModule.ModuleName, GovernanceModule.Deposit.Name, 1_000_000)
            .WithParam(DisputesModule.ModuleName, DisputesModule.RulingWindowSeconds.Name, 600)
            .WithParam(DisputesModule.ModuleName, DisputesModule.MinBond.Name, 1_000)
            .WithParam(MeteringModule.ModuleName, MeteringModule.AcceptanceWindowSeconds.Name, Window);
        foreach (var key in Everyone) builder.WithAccount(key, Funds, Funds);
        var g = builder.TestObject;
        var totalWatt = Funds * (ulong)Everyone.Length;
        var staking = new StakingGenesis
        {
            Validators = [new StakingGenesisValidator { Address = Validator.Address.ToString(), Bond = Funds / 2, CommissionPpb = 50_000_000 }],
        };
        var grid = new GridGenesis
        {
            Zones = [.. Zones.Select(z => z.Name)],
            LocalFee = 5_000,
            CongestionPermille = 500,
            Links = [new GridGenesisLink { From = "Z1", To = "Z2", Fee = 10_000, Capacity = 50_000, CapacityBack = 40_000 }],
        };
        return new GenesisDocument
        {
            ChainId = g.ChainId,
            GenesisTime = g.GenesisTime,
            Validators = [new GenesisValidator { Address = Validator.Address.ToString() }],
            Accounts = g.Accounts,
            Roles = g.Roles,
            Params = g.Params,
            Extra = new(StringComparer.Ordinal)
            {
                [GridGenesis.SectionName] = grid.ToJsonElement(),
                [StakingGenesis.SectionName] = staking.ToJsonElement(),
                [StablecoinGenesis.SectionName] = JsonSerializer.SerializeToElement(new
                {
                    issuers = new[] { new { address = Issuer.Address.ToString(), attestor = Attestor.Address.ToString(), outstanding = totalWatt,
                        reserves = totalWatt + Funds } },
                }),
            },
        };
    }

    /// <summary>Values at and beyond the bounds the chain knows of, and some ordinary ones.</summary>
    public static CsCheck.Gen<long> Value { get; } = CsCheck.Gen.Frequency(
        (6, CsCheck.Gen.Long[0, 5_000]),
        (4, CsCheck.Gen.Long[5_000, 2_000_000]),
        (2, CsCheck.Gen.Long[-100_000, 0]),
        (2, CsCheck.Gen.OneOf(CsCheck.Gen.Const(0L), CsCheck.Gen.Const(1L), CsCheck.Gen.Const(-1L))),
        (3, CsCheck.Gen.OneOf(
            CsCheck.Gen.Const(long.MaxValue), CsCheck.Gen.Const(long.MinValue), CsCheck.Gen.Const(long.MaxValue - 1),
            CsCheck.Gen.Const(MatchingEngine.MaxQuantity), CsCheck.Gen.Const(MatchingEngine.MaxQuantity + 1),
            CsCheck.Gen.Const(1_000_000_000L), CsCheck.Gen.Const(1_000_000_000_000L), CsCheck.Gen.Const(1_000_000_000_000_000_000L),
            CsCheck.Gen.Const(9_999_990L), CsCheck.Gen.Const(-9_999_990L), CsCheck.Gen.Const(10_000_000_000L))));

    public const int Kinds = 34;

    // Orders, meters and readings, contracts and disputes come more often: they build what the end of a block works on.
    private static readonly CsCheck.Gen<int> Kind = CsCheck.Gen.Frequency(
        (10, CsCheck.Gen.Int[1, 2]), (2, CsCheck.Gen.Int[3, 5]), (3, CsCheck.Gen.Const(6)), (6, CsCheck.Gen.Int[7, 8]), (1, CsCheck.Gen.Int[9, 10]),
        (3, CsCheck.Gen.Int[24, 29]), (2, CsCheck.Gen.Int[30, 31]), (2, CsCheck.Gen.Int[19, 21]), (6, CsCheck.Gen.Int[0, Kinds - 1]));

    public static CsCheck.Gen<ChaosOp> Op { get; } = CsCheck.Gen.Select(
        CsCheck.Gen.Select(Kind, CsCheck.Gen.Int[0, Everyone.Length - 1], CsCheck.Gen.Int[0, 7], CsCheck.Gen.Int[0, 7]),
        CsCheck.Gen.Select(Value, Value, Value),
        (c, v) => new ChaosOp(c.Item1, c.Item2, c.Item3, c.Item4, v.Item1, v.Item2, v.Item3));

    private static ulong U(long v) => unchecked((ulong)v);

    private static long Abs(long v) => v == long.MinValue ? long.MaxValue : Math.Abs(v);

    /// <summary>The sender and message <paramref name="op"/> stands for on <paramref name="state"/> at block time <paramref name="now"/>.</summary>
    public static (SigningKey Sender, GridForge.Runtime.Transactions.IMessage Message) Message(ChaosOp op, IState state, long now, string chainId)
    {
        var sender = Everyone[op.Sender];
        var trader = Traders[op.Sender % Traders.Length];
        var other = Traders[(op.Sender + 1 + op.A) % Traders.Length];
        // Mostly the two linked zones, where trades can cross; now and then the isolated third.
        var zone = op.A == 7 ? Zones[2] : Zones[op.A % 2];
        var current = now / SlotSeconds;
        var future = new SlotId(current + 2 + (op.B % 6));
        var meter = Meters[(op.A + (op.B * 3)) % Meters.Length];
        switch (op.Kind)
        {
            case 0:
                return (sender, new TransferMessage(other.Address, op.B % 2 == 0 ? Token.Watt : Token.Grid, new Amount(U(op.X))));
            case 1 or 2 or 3:
                // Orders: sells mostly in the zone of one of the seller's meters, buys anywhere, prices that cross; kind 3 at the edges.
                var side = op.Kind == 2 ? Side.Sell : Side.Buy;
                var kind = op.B < 5 ? OrderKind.LimitGtc : (OrderKind)(op.B % 4);
                var orderZone = side == Side.Sell && op.B % 4 != 3 && MeteringModule.MetersOf(state, trader.Address) is [var m0, ..]
                    ? MeteringModule.Meter(state, m0)!.Zone : zone;
                var price = side == Side.Sell ? Math.Abs(op.Y % 80_000) : 60_000 + Math.Abs(op.Y % 140_000);
                return (trader, new PlaceOrderMessage(new SlotId(current + 2 + (op.B % 2)), side, kind, orderZone,
                    new PricePerKwh(op.Kind == 3 ? op.Y : price), new Wh(op.Kind == 3 ? op.X : Math.Abs(op.X % 5_000) + 1)));
            case 4:
                return (trader, new AmendOrderMessage(1 + (U(op.X) % Next(state, MarketOrderIds)),
                    op.B % 3 == 0 ? null : new PricePerKwh(op.Y), op.B % 3 == 1 ? null : new Wh(op.Z)));
            case 5:
                return (trader, new CancelOrderMessage(1 + (U(op.X) % Next(state, MarketOrderIds))));
            case 6:
                return (Dso, new RegisterMeterMessage(meter.Id, trader.Address, zone, (MeterKind)(1 + (op.B % 3)), (MeterTechnology)(1 + (op.B % 5)),
                    op.X is > 0 and <= 10_000_000_000 ? op.X : 10_000 + Math.Abs(op.X % 1_000_000), new Wh(0), new Wh(0), "chaos"));
            case 7 or 8:
                return (Gateway, new SubmitReadingsMessage([Reading(state, meter, new SlotId(current - 1 - (op.B % 2)), op, chainId)]));
            case 9:
                return (Dso, new RetireMeterMessage(meter.Id));
            case 10:
                return (Dso, new MoveMeterMessage(meter.Id, other.Address, zone));
            case 11:
                return (Issuer, new MintMessage(Traders[op.B % Traders.Length].Address, new Amount(U(op.X)), $"DEP-{op.Y}"));
            case 12:
                return (trader, new RedeemMessage(op.B % 4 == 0 ? other.Address : Issuer.Address, new Amount(U(op.X)), $"IBAN-{op.A}"));
            case 13:
                var id = 1 + (U(op.X) % Math.Max(1, StablecoinState.Totals(state).NextRedemptionId));
                var owed = StablecoinState.Redemption(state, id);
                return (op.B % 5 == 0 ? sender : Issuer,
                    new ConfirmPayoutMessage(id, $"BANK-{op.Y}", new Amount(op.B % 3 == 0 ? U(op.Z) : owed?.Amount ?? 1), owed?.PayoutReference ?? "IBAN-0"));
            case 14:
                var reserves = op.B % 2 == 0 ? U(op.X) : (StablecoinState.Issuer(state, Issuer.Address)?.Outstanding ?? 0) + U(Math.Abs(op.X % 1_000_000));
                var asOf = now - (op.A % 3);
                return (Issuer, new AttestMessage(Issuer.Address, new Amount(reserves), asOf,
                    ReserveAttestation.Sign(op.B % 7 == 0 ? Issuer : Attestor, chainId, Issuer.Address, reserves, asOf)));
            case 15:
                return (op.B % 2 == 0 ? trader : Validator, new BondMessage(new Amount(U(op.X))));
            case 16:
                return (op.B % 2 == 0 ? trader : Validator, new UnbondMessage(new Amount(U(op.X))));
            case 17:
                return (trader, (op.B % 3) switch
                {
                    0 => new ValidateMessage((uint)(U(op.X) % uint.MaxValue)),
                    1 => (GridForge.Runtime.Transactions.IMessage)new NominateMessage([Validator.Address, other.Address]),
                    _ => new ChillMessage(),
                });
            case 18:
                return (trader, op.B % 2 == 0 ? new WithdrawMessage() : (GridForge.Runtime.Transactions.IMessage)new RebondMessage(new Amount(U(op.X))));
            case 19 or 20:
                // Any module's parameter, at its bounds, one past them, or its default; the validator votes it through.
                var modules = ChainRuntime.StandardModules().All.Where(m => m.Params.Count > 0).ToList();
                var module = modules[op.A % modules.Count];
                var spec = module.Params[(int)(U(op.X) % (ulong)module.Params.Count)];
                var value = (op.B % 5) switch { 0 => spec.Min, 1 => spec.Max, 2 => spec.Default, 3 => spec.Max == long.MaxValue ? spec.Max : spec.Max + 1, _ =>
                    spec.Min - 1 };
                return (Validator, new ProposeMessage(ProposalAction.SetParameter(module.Name, spec.Name, value), "chaos"));
            case 21:
                // Mostly the latest proposal, which the validator's bond alone carries.
                var proposals = GovernanceState.NextId(state);
                return (Validator, new VoteMessage(op.B % 4 == 3 ? 1 + (U(op.X) % proposals) : Math.Max(1, proposals - 1), VoteChoice.Yes));
            case 22:
                return (Dso, new SetCapacityMessage(Zones[0], Zones[1], new SlotId(current + 1 + (op.A % 4)), new SlotId(current + 1 + (op.A % 4) + (op.B % 8)),
                    op.Z % 3 == 0 ? null : new Wh(Math.Abs(op.X % 120_000)), op.B % 2 == 0));
            case 23:
                return (Dso, op.B % 2 == 0 ? new SetFeesMessage(new PricePerKwh(op.X), op.Y) : (
                    GridForge.Runtime.Transactions.IMessage)new SetLinkMessage(Zones[0], Zones[1], new PricePerKwh(Math.Abs(op.X % 20_000_000)),
                        new Wh(Abs(op.Y)), new Wh(Abs(op.Z))));
            case 24 or 25:
                return (trader, new CreateContractMessage(ContractTemplate.Ppa, other.Address, future, new SlotId(future.Index + (op.B % 12)), 0, Amount.Zero,
                    new PpaTerms(zone, Zones[op.B % 2], op.B % 2 == 0, new PricePerKwh(Math.Abs(op.Y % 10_000_000)),
                        [new Wh(op.Kind == 25 ? 1_000_000_000 : Math.Abs(op.X % 5_000))],
                        (uint)(op.A * 150), new PricePerKwh(op.Kind == 25 ? 1_000_000_000_000 : Abs(op.Z)), (SettlementPeriod)(op.B % 3))));
            case 26:
                return (trader, new CreateContractMessage(ContractTemplate.Residential, Address.None, future, new SlotId(future.Index + (op.B % 12)), 0,
                    Amount.Zero,
                    new ResidentialTerms(zone, new Wh(Math.Abs(op.X % 1_000)), new PricePerKwh(op.Y % 10_000_000), new Wh(Math.Abs(op.Z % 1_000_000_000)),
                        new PricePerKwh(Math.Abs(op.Y % 10_000_000)),
                        U(op.X % 1_000_000_000), op.B % 2 == 0, [], [])));
            case 27:
                return (Dso, op.B % 2 == 0
                    ? new CreateContractMessage(ContractTemplate.Flexibility, trader.Address, future, new SlotId(future.Index + (op.A % 8)), 0, Amount.Zero,
                        new FlexibilityTerms(zone, (FlexDirection)(op.B % 2), new PricePerKwh(Math.Abs(op.Y % 1_000_000) + 1),
                            new Wh(Math.Abs(op.X % 1_000_000_000) + 1), (
                            uint)(1 + (op.A % 3))))
                    : (GridForge.Runtime.Transactions.IMessage)new DeclareCongestionMessage(zone, future, new SlotId(future.Index + (op.A % 4))));
            case 28:
                // Mostly one of the latest contracts, by its counterparty (the one who may accept it).
                var newest = Next(state, ContractIds);
                var contract = op.B % 4 == 3 ? 1 + (U(op.X) % newest) : Math.Max(1, newest - Math.Min(newest, 1 + (U(op.X) % 3)));
                var party = ContractStore.Contract(state, contract) is { } c && c.Counterparty != Address.None
                    ? Everyone.FirstOrDefault(k => k.Address == c.Counterparty) ?? trader : trader;
                return (party, op.B % 3 == 0 ? new TerminateContractMessage(contract) : (
                    GridForge.Runtime.Transactions.IMessage)new AcceptContractMessage(contract));
            case 29:
                return (trader, new SetForecastMessage(1 + (U(op.X) % Next(state, ContractIds)), future, new Wh(Math.Abs(op.Y % 10_000)),
                    new Wh(Math.Abs(op.Z % 10_000))));
            case 30:
                // A trade of a recent slot, by its buyer or seller; a claim anywhere from nothing to beyond what it can be.
                var traded = new SlotId(current - (op.A % 6));
                var trades = MarketStore.Trades(state, traded);
                var t = trades.Count == 0 ? null : trades[op.B % trades.Count];
                var opener = t is null ? trader : Everyone.FirstOrDefault(k => k.Address == (op.B % 2 == 0 ? t.Buyer : t.Seller)) ?? trader;
                return (opener, new OpenDisputeMessage(DisputeSubject.Trade(traded, t?.Seq ?? (uint)op.B), op.B % 3 == 0 ? Token.Grid : Token.Watt,
                    new Amount(U(Math.Abs(op.X % 10_000_000)) + 1_000), new Amount(op.Z % 2 == 0 ? U(Math.Abs(op.Y % 200_000)) : U(op.Y)), "chaos"));
            case 31:
                return (Dso, new RuleDisputeMessage(1 + (U(op.X) % Math.Max(1, DisputesStore.NextId(state))), op.B % 2 == 0 ? Ruling.Uphold
                    : Ruling.Correct(U(op.Y))));
            case 32:
                return (trader, new PayDebtMessage(new Amount(U(op.X))));
            default:
                return (trader, op.B % 2 == 0
                    ? new TransferCertificateMessage(1 + (U(op.X) % 8), other.Address, new Wh(op.Y))
                    : (GridForge.Runtime.Transactions.IMessage)new RetireCertificateMessage(1 + (U(op.X) % 8), new Wh(op.Y)));
        }
    }

    private static readonly StateKey MarketOrderIds = StateKey.Of("market/next_order");
    private static readonly StateKey ContractIds = StateKey.Of("contracts/next");

    private static ulong Next(IState state, StateKey key) => state.Get(key) is { } raw
        ? Math.Max(1, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(raw)) : 1;

    /// <summary>A reading of <paramref name="slot"/> whose registers follow the meter's last ones (so it is mostly accepted), with
    /// energies from the op (so at times beyond the meter's rated power).</summary>
    private static MeterReading Reading(IState state, MeterKey meter, SlotId slot, ChaosOp op, string chainId)
    {
        var registers = MeteringModule.Registers(state, meter.Id);
        var imported = Math.Abs(op.Y % 3_000);
        var exported = op.Kind == 8 ? Abs(op.Z) : Math.Abs(op.Z % 3_000);
        var import = unchecked(registers.Import.Value + imported);
        var export = unchecked(registers.Export.Value + exported);
        return meter.Sign(chainId, slot, new Wh(imported), new Wh(exported), new Wh(import), new Wh(export));
    }
}
