using GridForge.Consensus.Evidence;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution.Keepers;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Execution;

/// <summary>The deterministic state machine: checks transactions, dispatches their messages to modules
/// and runs the end-of-block hooks. Same genesis and same blocks give the same state on every node.</summary>
public sealed class ChainRuntime
{
    public ChainRuntime(string chainId, ModuleHost modules)
    {
        ChainId = chainId;
        Modules = modules;
    }

    public string ChainId { get; }

    public ModuleHost Modules { get; }

    public MessageRegistry Registry => Modules.Registry;

    public bool IsDevChain => DevAccounts.IsDevChain(ChainId);

    /// <summary>The modules every GridForge chain runs, in end-of-block order, each wired to what it needs of the others
    /// (docs/architecture.md, "Modules and their needs"): a module names only its own needs; the keepers here are the one
    /// place that names both sides.</summary>
    public static ModuleHost StandardModules()
    {
        var tokens = new TokensKeeper();
        var grid = new GridKeeper();
        var meteringModule = new Modules.Metering.MeteringModule(new(grid));
        var metering = new MeteringKeeper(meteringModule);
        var auth = new AuthKeeper();
        var disputes = new DisputesKeeper();
        var settlement = new SettlementKeeper();
        var market = new MarketModule(new MarketNeeds(tokens, grid, metering, settlement));
        var marketKeeper = new MarketKeeper(market);
        var staking = new StakingModule(new(tokens, auth));
        var stakingKeeper = new StakingKeeper(staking);
        return new(
        [
            new AuthModule(),
            new TokensModule(),
            new Modules.Stablecoin.StablecoinModule(new(tokens, auth)),
            new Modules.Grid.GridModule(new(auth, metering)),
            meteringModule,
            market,
            new Modules.Settlement.SettlementModule(new(tokens, auth, grid, metering, marketKeeper, disputes)),
            new Modules.Contracts.ContractsModule(new(tokens, grid, marketKeeper, metering, settlement, disputes)),
            new Modules.Disputes.DisputesModule(new(tokens, grid, stakingKeeper, metering, marketKeeper, settlement, new ContractsKeeper())),
            staking,
            new Modules.Governance.GovernanceModule(new(tokens, grid, stakingKeeper, new StablecoinKeeper(), disputes)),
            // One line per module; the order is the order of their end-of-block hooks.
        ]);
    }

    /// <summary>A new in-memory state holding <paramref name="genesis"/> (<see cref="InitGenesis"/>): where every replay, tool
    /// and test chain starts.</summary>
    public StateStore GenesisState(GenesisDocument genesis)
    {
        var state = new StateStore();
        var init = new StateOverlay(state);
        InitGenesis(init, genesis);
        state.Apply(init.SortedWrites());
        return state;
    }

    /// <summary>Writes the genesis state: parameters (checked against their bounds) and every module's section.</summary>
    public void InitGenesis(IState state, GenesisDocument genesis)
    {
        if (genesis.ChainId != ChainId)
        {
            throw new InvalidOperationException($"the genesis is for chain '{genesis.ChainId}', not '{ChainId}'");
        }

        if (!IsDevChain)
        {
            // Anyone can derive a dev key, so a dev validator or role holder would be as open as a dev account.
            var named = genesis.Accounts.Select(a => a.Address).Concat(genesis.Validators.Select(v => v.Address)).Concat(genesis.Roles.Values);
            foreach (var address in named)
            {
                if (DevAccounts.WellKnownName(Address.Parse(address)) is { } name)
                {
                    throw new InvalidOperationException($"the dev account '{name}' may not appear on the non-dev chain '{ChainId}'");
                }
            }
        }

        foreach (var (moduleName, values) in genesis.Params)
        {
            var module = Modules.ByName(moduleName) ?? throw new InvalidOperationException($"genesis sets parameters of an unknown module '{moduleName}'");
            foreach (var (name, value) in values)
            {
                var spec = module.Params.FirstOrDefault(p => p.Name == name)
                    ?? throw new InvalidOperationException($"genesis sets an unknown parameter {moduleName}.{name}");
                spec.Set(state, value);
            }
        }

        var block = new BlockInfo(ChainId, 0, genesis.GenesisTime, Address.None);
        foreach (var module in Modules.All)
        {
            module.InitGenesis(new TxContext(state, block, Address.None, Modules), genesis);
        }
    }

    public int MaxTxBytes(IState state) => (int)AuthModule.MaxTxBytes.Get(state);

    public int MaxBlockTxs(IState state) => (int)AuthModule.MaxBlockTxs.Get(state);

    public int BlockIntervalMs(IState state) => (int)AuthModule.BlockIntervalMs.Get(state);

    public long MaxBlockBytes(IState state) => AuthModule.MaxBlockBytes.Get(state);

    public Transaction? Decode(ReadOnlySpan<byte> bytes, IState state, out Rejection? rejection) =>
        Transaction.Decode(bytes, Registry, MaxTxBytes(state), out rejection);

    /// <summary>Checks that need no state: chain, dev-key rule and signature (verified once, then remembered).</summary>
    public Rejection? CheckStateless(Transaction tx)
    {
        if (tx.ChainId != ChainId)
        {
            return new Rejection(RejectionCodes.WrongChain, $"the transaction is for chain '{tx.ChainId}', this is '{ChainId}'");
        }

        if (!IsDevChain && DevAccounts.WellKnownName(tx.Sender) is { } name)
        {
            return new Rejection(RejectionCodes.DevKeyForbidden,
                $"the dev account '{name}' has a key anyone can derive and is refused on the non-dev chain '{ChainId}'");
        }

        if (!tx.SignatureChecked)
        {
            if (!tx.VerifySignature())
            {
                return new Rejection(RejectionCodes.BadSignature, "the signature does not verify against the sender's key");
            }

            tx.SignatureChecked = true;
        }

        return null;
    }

    /// <summary>Checks against the state a transaction would run on: expiry, nonce, fee and the funds to pay it.</summary>
    public Rejection? CheckStateful(IState state, Transaction tx, ulong height, ulong expectedNonce)
    {
        if (tx.ExpiryHeight < height)
        {
            return new Rejection(RejectionCodes.Expired, $"the transaction expired at height {tx.ExpiryHeight}; the chain is at {height}");
        }

        if (tx.Nonce < expectedNonce)
        {
            return new Rejection(RejectionCodes.NonceReplayed, $"nonce {tx.Nonce} was already used; the next is {expectedNonce}");
        }

        if (tx.Nonce > expectedNonce)
        {
            return new Rejection(RejectionCodes.NonceFuture, $"nonce {tx.Nonce} is ahead of the next one, {expectedNonce}");
        }

        var minFee = (ulong)TokensModule.MinFee.Get(state);
        if (tx.Fee < minFee)
        {
            return new Rejection(RejectionCodes.FeeTooLow, $"the fee {tx.Fee} µWATT is below the minimum of {minFee}");
        }

        var watt = TokensModule.GetBalance(state, tx.Sender, Token.Watt);
        return watt.Free < tx.Fee
            ? new Rejection(RejectionCodes.InsufficientFee, $"the sender has {new Amount(watt.Free)} WATT free and cannot pay the fee of {new Amount(tx.Fee)}")
            : null;
    }

    /// <summary>Runs one transaction inside a block. Returns null (with the reason) when the transaction
    /// cannot be included at all; otherwise its result, whose fee is paid and nonce used even when its
    /// message is rejected. Nothing a transaction carries can make this throw: a handler that throws is a refusal
    /// (<see cref="RuntimeFailures"/>), and a check that throws leaves the transaction out.</summary>
    public TxResult? Apply(IRevertibleState blockState, BlockInfo block, Transaction tx, out Rejection? exclusion)
    {
        // The fee and the nonce bump stand whatever the message does. Everything that can throw runs before the first write
        // (Transfer reads and checks both balances before it writes either), so a failure here leaves the block's state as it was.
        try
        {
            exclusion = CheckStateless(tx) ?? CheckStateful(blockState, tx, block.Height, AuthModule.NextNonce(blockState, tx.Sender));
            if (exclusion is not null) return null;
            var next = checked(tx.Nonce + 1);
            exclusion = TokensModule.Transfer(blockState, tx.Sender, block.Proposer, Token.Watt, tx.Fee);
            if (exclusion is not null) return null;
            AuthModule.SetNextNonce(blockState, tx.Sender, next);
        }
        catch (Exception e) when (!RuntimeFailures.IsFatal(e))
        {
            Modules.ReportFailure($"the checks of transaction {tx.Id}", e);
            exclusion = RuntimeFailures.Of(e);
            return null;
        }

        // The message runs under a checkpoint of the block's state: a refusal takes back exactly its writes (TxContext.RunIsolated).
        var context = new TxContext(blockState, block, tx.Sender, Modules);
        var module = Modules.ById(tx.Message.Module);
        var rejection = module is null
            ? new Rejection(RejectionCodes.UnknownMessage, $"no module {tx.Message.Module} is installed")
            : TxContext.Isolated(blockState, Modules, new TransactionWork(tx, module, context), static w => w.Module.Execute(w.Context, w.Tx.Message));
        return rejection is null ? new TxResult(tx.Id, null, context.Events) : new TxResult(tx.Id, rejection, []);
    }

    /// <summary>Applies a piece of evidence a block carries, before its transactions: the staking module checks it and
    /// punishes the offender (<see cref="StakingModule.PunishEquivocation"/>). A refusal changes nothing, and a block
    /// carrying refused evidence is invalid. Its events go to <paramref name="events"/>.</summary>
    public Rejection? ApplyEvidence(IRevertibleState blockState, BlockInfo block, DuplicateVoteEvidence evidence, List<Event> events)
    {
        if (!Modules.All.OfType<StakingModule>().Any()) return new Rejection(StakingCodes.InvalidEvidence,
            "this chain has no staking module to punish equivocation");
        // Under a checkpoint, as a transaction's message: a refusal (or a throw) takes back exactly its writes.
        var context = new TxContext(blockState, block, Address.None, Modules);
        var rejection = TxContext.Isolated(blockState, Modules, new EvidenceWork(evidence, context),
            static w => w.Context.Modules.Get<StakingModule>().PunishEquivocation(w.Context, w.Evidence));
        if (rejection is null) events.AddRange(context.Events);
        return rejection;
    }

    /// <summary>Runs every module's end-of-block hook, in module order, each isolated (TxContext.RunIsolated): a hook that throws
    /// (outside the per-item isolation each module applies to its own items) loses only its own changes for this block and
    /// leaves a <c>runtime/end_block_failed</c> event; the block goes on. Nothing here can throw out of a block. The events
    /// come back in order, or, with <paramref name="sink"/>, go to it module by module once each module's hook has finished
    /// (a hook's events are kept only with its changes), and an empty list comes back. Then the validator schedule and the proposer
    /// rotation move to the next block (<see cref="AuthModule.AdvanceValidators"/>).</summary>
    public IReadOnlyList<Event> EndBlock(IRevertibleState blockState, BlockInfo block, Action<Event>? sink = null)
    {
        var root = new TxContext(blockState, block, Address.None, Modules, sink);
        foreach (var module in Modules.All)
        {
            if (root.RunIsolated(new WorkItem($"end of block: {module.Name}"), module.EndBlock) is { } failed)
            {
                root.Emit(new EndBlockFailed(module.Name, failed.Code, failed.Message));
            }
        }

        AuthModule.AdvanceValidators(blockState);
        return root.Events;
    }

    /// <summary>Names a piece of evidence for the node's diagnostics, only when punishing it throws.</summary>
    private readonly record struct EvidenceWork(DuplicateVoteEvidence Evidence, TxContext Context)
    {
        public override string ToString() => $"evidence against {Evidence.Validator}";
    }

    /// <summary>Names a transaction's message for the node's diagnostics, only when it throws.</summary>
    private readonly record struct TransactionWork(Transaction Tx, IModule Module, TxContext Context)
    {
        public override string ToString() => $"transaction {Tx.Id} ({Module.Name})";
    }
}
