using System.Diagnostics;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Cli.Simulation;

/// <summary>Runs a scenario through the runtime's own modules in process (docs/simulate.md): a genesis with the scenario's grid,
/// the DSO registering every household's meter, each household creating its residential trading rule (and PPAs), then one block
/// per slot — the households' forecasts and the meters' readings as transactions, the contracts placing orders in the market,
/// gate closure, settlement against the meters, certificates — and the utility billing each day's residual demand and surplus
/// on chain. Transactions are unsigned (every actor is simulated; <see cref="Transaction.Unsigned"/>) and carry no fee.</summary>
internal sealed class SimulationRunner
{
    public const string ChainId = "gridforge-sim";
    private const long L = ScenarioLoader.SlotSeconds;
    private const int ReadingsPerBatch = 400;
    private static readonly byte[] NoSignature = new byte[Ed25519.SignatureSize];

    private readonly Scenario _scenario;
    private readonly SimHousehold[] _households;
    private readonly Dictionary<Address, int> _byAccount;
    private readonly ChainRuntime _runtime = new(ChainId, ChainRuntime.StandardModules());
    private readonly MemoryState _state = new();
    private readonly Dictionary<Address, ulong> _nonces = [];
    private readonly List<Transaction> _pending = [];
    private readonly SimulationRecorder _recorder;
    private readonly long _firstSlot;
    private readonly long[] _registers;
    private readonly ulong[] _contracts;
    private readonly List<(ulong Id, int Seller, int Buyer, ScenarioPpa Terms)> _ppas = [];
    private ulong _height;
    private long _transactions;
    private long _readings;
    private long _refusedActions;
    private readonly SortedDictionary<string, long> _refused = new(StringComparer.Ordinal);

    public static readonly Address Dso = Named("dso");
    public static readonly Address Utility = Named("utility");
    public static readonly Address Balancing = Named("balancing");
    public static readonly Address Validator = Named("validator");
    public static readonly Address Gateway = Named("gateway");

    private static Address Named(string role) => new(Hashing.Domain("gridforge simulate role", System.Text.Encoding.UTF8.GetBytes(role)));

    private SimulationRunner(Scenario scenario, SimHousehold[] households)
    {
        _scenario = scenario;
        _households = households;
        _byAccount = households.ToDictionary(h => h.Account, h => h.Index);
        _firstSlot = ScenarioLoader.StartTime(scenario) / L;
        _registers = new long[households.Length * 2];
        _contracts = new ulong[households.Length];
        _recorder = new SimulationRecorder(scenario, households, _firstSlot);
        // A failure the runtime contained (a handler or an end-of-block item that threw; the block went on) is reported too.
        _runtime.Modules.FailureObserved += (_, e) => Count($"runtime: contained {e.GetType().Name}");
    }

    /// <summary>Runs the scenario; <paramref name="progress"/> hears (slots done, slots in all) after every block.</summary>
    public static SimulationResult Run(Scenario scenario, Action<int, int>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var households = SimHousehold.Plan(scenario);
        var planSeconds = clock.Elapsed.TotalSeconds;
        var runner = new SimulationRunner(scenario, households);
        var chainClock = Stopwatch.StartNew();
        var thread = ThreadClock.Now();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        runner.Setup();
        runner.Slots(progress);
        var chainSeconds = chainClock.Elapsed.TotalSeconds;
        var threadAfter = ThreadClock.Now();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return runner._recorder.Finish(runner._state, runner._ppas, new RunFigures(
            households.Length, scenario.Slots, runner._height, runner._transactions, runner._readings, runner._refusedActions,
            runner._refused, planSeconds, chainSeconds,
            thread.OnCpu < 0 ? null : (threadAfter.OnCpu - thread.OnCpu) / 1e9, thread.OnCpu < 0 ? null : (threadAfter.Waiting - thread.Waiting) / 1e9,
            allocated));
    }

    private GenesisDocument Genesis(long time)
    {
        var watt = new List<GenesisAccount>();
        ulong total = 0;
        foreach (var h in _households)
        {
            watt.Add(new GenesisAccount { Address = h.Account.ToString(), Watt = (ulong)h.Watt });
            total = checked(total + (ulong)h.Watt);
        }

        // The utility can pay every household's feed-in: it starts with as much as all of them together, and at least 1,000 WATT.
        watt.Add(new GenesisAccount { Address = Utility.ToString(), Watt = Math.Max(total, 1_000_000_000UL) });
        var settlement = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["max_slots_per_block"] = 64 };
        if (_scenario.Market?.ImbalancePenalty is { } penalty) settlement["imbalance_penalty"] = penalty;
        return new GenesisDocument
        {
            ChainId = ChainId,
            GenesisTime = time,
            Validators = [new GenesisValidator { Address = Validator.ToString() }],
            Accounts = watt,
            Roles = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [GridModule.DsoRole] = Dso.ToString(),
                [SettlementModule.BalancingRole] = Balancing.ToString(),
            },
            Extra = new(StringComparer.Ordinal) { [GridGenesis.SectionName] = _scenario.Grid.ToJsonElement() },
            Params = new(StringComparer.Ordinal)
            {
                // Every actor is simulated: transactions carry no fee, so bills hold only energy, grid fees and penalties.
                ["tokens"] = new(StringComparer.Ordinal) { ["min_fee"] = 0 },
                ["contracts"] = new(StringComparer.Ordinal) { ["max_live"] = _households.Length + (_scenario.Ppas?.Count ?? 0) + 1 },
                // Readings come in the block right after their slot ends, so the window is the shortest the chain allows.
                ["metering"] = new(StringComparer.Ordinal) { ["acceptance_window_s"] = 60 },
                ["settlement"] = settlement,
            },
        };
    }

    /// <summary>Genesis, then the DSO registers the meters and the households create their rules (and PPAs, then accepted).</summary>
    private void Setup()
    {
        var setupTime = (_firstSlot - 3) * L;
        var genesis = Genesis(setupTime - 1);
        _runtime.InitGenesis(_state, genesis);

        var lastSlot = new SlotId(_firstSlot + _scenario.Slots - 1);
        foreach (var h in _households)
        {
            Send(Dso, new RegisterMeterMessage(h.Meter, h.Account, h.Zone, h.MeterKind, h.Technology, h.RatedPowerW, new Wh(0), new Wh(0), "SIM-" + h.Name));
        }

        foreach (var h in _households)
        {
            Send(h.Account, new CreateContractMessage(ContractTemplate.Residential, Address.None, new SlotId(_firstSlot), lastSlot, 0, Amount.Zero, h.Terms));
        }

        var byName = _households.ToDictionary(h => h.Name, StringComparer.Ordinal);
        foreach (var p in _scenario.Ppas ?? [])
        {
            var seller = byName[p.Seller];
            var buyer = byName[p.Buyer];
            var terms = new PpaTerms(seller.Zone, buyer.Zone, CreatorSells: true, new PricePerKwh(p.Price), [.. p.ScheduleWh.Select(wh => new Wh(wh))],
                (uint)p.TakeOrPayPermille, new PricePerKwh(p.ShortfallPenalty),
                p.Period == "slot" ? SettlementPeriod.Slot : SettlementPeriod.Day);
            Send(seller.Account, new CreateContractMessage(ContractTemplate.Ppa, buyer.Account, new SlotId(_firstSlot), lastSlot, 0, Amount.Zero, terms));
        }

        var results = Block(setupTime);
        Refused(results, "setting up");
        var created = results.Skip(_households.Length).Select(r => r.Events.Decoded<ContractCreated>().FirstOrDefault()?.Contract).ToList();
        for (var i = 0; i < _households.Length; i++) _contracts[i] = created[i]
            ?? throw new InvalidOperationException($"household {_households[i].Name}'s rule was not created");
        var ppas = _scenario.Ppas ?? [];
        for (var i = 0; i < ppas.Count; i++)
        {
            var id = created[_households.Length + i] ?? throw new InvalidOperationException($"PPA {i} was not created");
            var buyer = byName[ppas[i].Buyer];
            _ppas.Add((id, byName[ppas[i].Seller].Index, buyer.Index, ppas[i]));
            Send(buyer.Account, new AcceptContractMessage(id));
        }

        Refused(Block(setupTime + L), "accepting the PPAs");
    }

    /// <summary>A setup transaction the runtime refused means the scenario cannot run as written: say which and why.</summary>
    private void Refused(List<TxResult> results, string step)
    {
        if (results.FirstOrDefault(r => r.Rejection is not null) is { Rejection: { } r })
        {
            throw new CliException($"the scenario cannot run: {step}, the runtime refused a transaction: {r.Code}: {r.Message}");
        }
    }

    /// <summary>One block per slot s, at the run time of its contracts (a slot before it starts): the forecasts for s, the readings
    /// of the slot that just ended (s − 2), the utility's bills of any day settled; at its end the market closes the gate of s − 1,
    /// settlement settles s − 3 and the contracts trade s. Three more blocks close, read and settle the last slots.</summary>
    private void Slots(Action<int, int>? progress)
    {
        var n = _scenario.Slots;
        for (var k = 0; k < n + 4; k++)
        {
            var slot = _firstSlot + k;
            if (k < n)
            {
                for (var i = 0; i < _households.Length; i++)
                {
                    var (export, import) = _households[i].Forecasts[k];
                    Send(_households[i].Account, new SetForecastMessage(_contracts[i], new SlotId(slot), new Wh(export), new Wh(import)));
                }
            }

            if (k >= 2 && k - 2 < n) SubmitReadings(k - 2);
            Block((slot - 1) * L);
            if (k >= 3 && k - 3 < n)
            {
                var settled = k - 3;
                _recorder.RecordSlot(_state, settled);
                if (settled == n - 1 || (_firstSlot + settled + 1) * L % 86_400 == 0) BillUtility(settled);
            }

            progress?.Invoke(Math.Min(k + 1, n), n);
        }
    }

    private void SubmitReadings(int k)
    {
        var slot = new SlotId(_firstSlot + k);
        var batch = new List<MeterReading>(ReadingsPerBatch);
        for (var i = 0; i < _households.Length; i++)
        {
            var f = _households[i].Flows[k];
            var importRegister = _registers[2 * i] += f.ImportWh;
            var exportRegister = _registers[(2 * i) + 1] += f.ExportWh;
            batch.Add(new MeterReading(_households[i].Meter, slot, new Wh(f.ImportWh), new Wh(f.ExportWh), new Wh(importRegister), new Wh(exportRegister),
                NoSignature));
            if (batch.Count == ReadingsPerBatch || i == _households.Length - 1)
            {
                Send(Gateway, SubmitReadingsMessage.Vouched(batch, ChainId));
                _readings += batch.Count;
                batch = new List<MeterReading>(ReadingsPerBatch);
            }
        }
    }

    /// <summary>The utility's bill of the day that ends with slot <paramref name="lastK"/>: per household, what it owes for residual
    /// demand minus what it is owed for residual surplus moves as one transfer in the next block.</summary>
    private void BillUtility(int lastK)
    {
        foreach (var (account, amount) in _recorder.UtilityBills(lastK))
        {
            if (amount > 0) Send(account, new TransferMessage(Utility, Token.Watt, new Amount((ulong)amount)));
            else if (amount < 0) Send(Utility, new TransferMessage(account, Token.Watt, new Amount((ulong)-amount)));
        }
    }

    private void Send(Address sender, IMessage message)
    {
        var nonce = _nonces.GetValueOrDefault(sender);
        _nonces[sender] = nonce + 1;
        _pending.Add(Transaction.Unsigned(ChainId, sender, nonce, 0, ulong.MaxValue, message));
    }

    private void Count(string what) => _refused[what] = _refused.GetValueOrDefault(what) + 1;

    private List<TxResult> Block(long time)
    {
        _height++;
        var block = new BlockInfo(ChainId, _height, time, Validator);
        // A node keeps a block's writes in an overlay until the block is done, so that it can drop the block; a simulation never
        // drops one, so the runtime writes into the run's state directly (what a refused transaction or failed item wrote is taken
        // back all the same, IRevertibleState) and no block's worth of writes is held and copied again.
        // The one block runner, as every node runs a block. The run only counts refused contract actions; the end-of-block events go
        // to it one at a time instead of a block's worth being held.
        var run = BlockExecutor.Execute(_runtime, _state, block, [], _pending, new BlockLimits
        {
            TrySenderAfterExclusion = true,
            EndBlockSink = e =>
            {
                if (e.Typed is not ContractActionRefused refused) return;
                _refusedActions++;
                Count($"contract {refused.Action}: {refused.Code}");
            },
        });
        if (run.Excluded.Count > 0) throw new InvalidOperationException($"block {_height}: a simulated transaction was not included: {run.Excluded[0].Reason}");
        for (var i = 0; i < run.Results.Count; i++)
        {
            // A refused transaction is reported (kpis.json "run"), never hidden: the checks then show what it cost.
            var message = run.Included[i].Message;
            if (run.Results[i].Rejection is { } r) Count($"{_runtime.Registry.NameOf(message.Module, message.Type)}: {r.Code}");
        }

        _transactions += _pending.Count;
        _pending.Clear();
        return [.. run.Results];
    }
}
