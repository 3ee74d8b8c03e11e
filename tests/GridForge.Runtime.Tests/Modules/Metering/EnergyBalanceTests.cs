using CsCheck;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Tests.Modules.Grid;
using static GridForge.Runtime.Tests.Modules.Grid.GridTestChain;
using static GridForge.Runtime.Tests.Modules.Metering.MeterFixture;

namespace GridForge.Runtime.Tests.Modules.Metering;

/// <summary>Energy balances per account and slot: produced and consumed come from accepted readings, exactly
/// (conservation of energy), the same on every replay, however the readings were batched.</summary>
public sealed class EnergyBalanceTests
{
    private static readonly string[] Meters = ["a1", "a2", "b1", "c1"];

    /// <summary>A reading a meter sends: which meter, which slot, the energy (sometimes above the rating), and
    /// whether the device misreports its registers or is impersonated.</summary>
    public sealed record Intent(int Meter, int Slot, long Imported, long Exported, int Fault);

    private static readonly Gen<Intent> Intents = Gen.Select(Gen.Int[0, Meters.Length - 1], Gen.Int[0, 22],
        Gen.Long[0, MaxWhPerSlot + 50], Gen.Long[0, MaxWhPerSlot + 50], Gen.Frequency((12, Gen.Const(0)), (1, Gen.Const(1)), (1, Gen.Const(2))))
        .Select((m, s, i, e, f) => new Intent(m, s, i, e, f));

    /// <summary>Runs the intents on a fresh chain, cut into blocks and batches at the given points.</summary>
    private static (GridTestChain Chain, List<(MeterReading Reading, string Code)> Outcomes) Run(Intent[] intents, int[] cuts)
    {
        var chain = new GridTestChain();
        var owners = new[] { Alice.Address, Alice.Address, Bob.Address, Dso.Address };
        var series = Meters.Select((name, i) => new MeterSeries(chain.Registered(name, owners[i]))).ToArray();
        var readings = intents.Select(intent =>
        {
            var r = series[intent.Meter].Next(Slot(intent.Slot), intent.Imported, intent.Exported);
            return intent.Fault switch
            {
                1 => intent.Meter == 0 ? r : r with { ImportRegister = new Wh(r.ImportRegister.Value + 1) },
                2 => r with { Meter = series[(intent.Meter + 1) % Meters.Length].Meter.Id },
                _ => r,
            };
        }).ToArray();
        var outcomes = new List<(MeterReading, string)>();
        var start = 0;
        foreach (var cut in cuts.Append(readings.Length).Where(c => c > 0 && c <= readings.Length).Distinct().Order())
        {
            if (cut <= start) continue;
            var tx = chain.Sign(Gateway, new SubmitReadingsMessage(readings[start..cut]));
            var codes = Codes(chain.RunBlock([tx])[0].Events);
            outcomes.AddRange(readings[start..cut].Zip(codes));
            start = cut;
        }

        return (chain, outcomes);
    }

    private static IEnumerable<(string, string)> MeteringState(GridTestChain chain) =>
        chain.State.Scan("metering/"u8).Select(kv => (kv.Key.ToString(), Convert.ToHexString(kv.Value)));

    [Fact]
    public void Readings_ReplayedTwice_GiveTheSameStateRootAndOutcomes_AndBatchingChangesNeitherOutcomesNorBalances()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        Gen.Select(Intents.Array[1, 40], Gen.Int[0, 40].Array[0, 4]).Sample((intents, cuts) =>
        {
            var (first, firstOutcomes) = Run(intents, cuts);
            var (second, secondOutcomes) = Run(intents, cuts);
            var (single, singleOutcomes) = Run(intents, []);

            Assert.Equal(first.State.Root, second.State.Root);
            Assert.Equal(firstOutcomes.Select(o => o.Code), secondOutcomes.Select(o => o.Code));
            Assert.Equal(firstOutcomes.Select(o => o.Code), singleOutcomes.Select(o => o.Code));
            Assert.Equal(MeteringState(first), MeteringState(single));
            codes.UnionWith(firstOutcomes.Select(o => o.Code));
        }, iter: 60);

        Assert.Superset(new HashSet<string> { "ok", MeteringCodes.BadSignature, MeteringCodes.RegistersMismatch, MeteringCodes.OverRatedPower,
            MeteringCodes.OutOfOrder }, codes);
    }

    [Fact]
    public void Balances_HoldExactlyTheEnergyOfTheAcceptedReadings()
    {
        Intents.Array[1, 40].Sample(intents =>
        {
            var (chain, outcomes) = Run(intents, []);
            var accepted = outcomes.Where(o => o.Code == "ok").Select(o => MeteringModule.Reading(chain.State, o.Reading.Meter, o.Reading.Slot)!.Value)
                .ToList();
            var balances = chain.State.Scan("metering/energy/"u8).Select(kv => EnergyBalance.Decode(kv.Value)).ToList();

            Assert.Equal(accepted.Sum(r => r.Exported.Value), balances.Sum(b => b.Produced.Value));
            Assert.Equal(accepted.Sum(r => r.Imported.Value), balances.Sum(b => b.Consumed.Value));
            Assert.All(balances, b => Assert.Equal((0L, 0L, 0L, 0L), (b.Bought.Value, b.Sold.Value, b.Delivered.Value, b.Imbalance.Value)));
        }, iter: 60);
    }

    [Fact]
    public void TwoMetersOfOneOwner_AddUpInTheOwnersBalance()
    {
        var chain = new GridTestChain();
        var pv = chain.Registered("pv", Alice.Address);
        var battery = chain.Registered("battery", Alice.Address);

        chain.Submit(pv.Read(Slot(5), 0, 1_200, 0, 1_200), battery.Read(Slot(5), 300, 400, 300, 400));

        Assert.Equal(new EnergyBalance { Produced = new Wh(1_600), Consumed = new Wh(300) }, EnergyBalances.Get(chain.State, Alice.Address, Slot(5)));
        Assert.Equal(default, EnergyBalances.Get(chain.State, Alice.Address, Slot(6)));
    }

    [Fact]
    public void SettlementsAccessor_AddsTradedFields_AndABalanceBackAtZeroLeavesNoKey()
    {
        var chain = new GridTestChain();
        var slot = Slot(1);

        var after = EnergyBalances.Add(chain.State, Bob.Address, slot, new EnergyBalance { Bought = new Wh(500), Imbalance = new Wh(-20) });
        Assert.Equal((500L, -20L), (after.Bought.Value, after.Imbalance.Value));
        Assert.NotNull(chain.State.Get(EnergyBalances.Key(Bob.Address, slot)));

        EnergyBalances.Add(chain.State, Bob.Address, slot, new EnergyBalance { Bought = new Wh(-500), Imbalance = new Wh(20) });
        Assert.Null(chain.State.Get(EnergyBalances.Key(Bob.Address, slot)));
    }

    [Fact]
    public void BalanceAdd_ThatWouldOverflow_Throws_SoTheRuntimeRejectsTheTransaction()
    {
        var chain = new GridTestChain();
        EnergyBalances.Add(chain.State, Bob.Address, Slot(1), new EnergyBalance { Sold = new Wh(long.MaxValue) });

        Assert.Throws<OverflowException>(() => EnergyBalances.Add(chain.State, Bob.Address, Slot(1), new EnergyBalance { Sold = new Wh(1) }));
    }
}
