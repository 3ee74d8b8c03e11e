using System.Buffers.Binary;
using GridForge.Consensus.Validators;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Auth;

/// <summary>Accounts' nonces and the chain-wide limits on transactions and blocks. It has no messages:
/// the runtime consults it before every transaction.</summary>
public sealed partial class AuthModule : IModule
{
    public const string ModuleName = "auth";

    public byte Id => 0;

    public string Name => ModuleName;

    public void RegisterMessages(MessageRegistry registry)
    {
    }

    public void InitGenesis(TxContext context, GenesisDocument genesis)
    {
        if (genesis.Validators.Count == 0)
        {
            throw new InvalidOperationException("the genesis names no validator");
        }

        SetValidators(context.State, genesis.Validators.Select(v => new Validator(Address.Parse(v.Address), v.Power)));
        foreach (var (role, address) in genesis.Roles)
        {
            SetRole(context.State, role, Address.Parse(address));
        }
    }

    private static StateKey RoleKey(string role) => StateKey.Of("auth/role/" + role);

    /// <summary>The account holding a named role (<c>dso</c>, <c>issuer</c>, …), if any. Roles live in
    /// state so that governance can reassign them.</summary>
    public static Address? RoleHolder(IState state, string role) =>
        state.Get(RoleKey(role)) is { } raw ? new Address(raw) : null;

    public static void SetRole(IState state, string role, Address holder) => state.Set(RoleKey(role), holder.ToBytes());

    /// <summary>True when <paramref name="account"/> holds <paramref name="role"/>.</summary>
    public static bool HasRole(IState state, string role, Address account) => RoleHolder(state, role) == account;

    /// <summary>A validator set scheduled during block h (an era's election, a slashed validator's removal) signs from
    /// block h + <see cref="SetChangeOffset"/>: block h + 1 is still signed by the set everyone knew when h was decided,
    /// so a joining validator has a full block's time to prepare, and the next height's validators are known before
    /// the current block is even applied (docs/consensus.md).</summary>
    public const ulong SetChangeOffset = 2;

    private static readonly StateKey PreviousValidatorsKey = StateKey.Of("auth/validators_previous");
    private static readonly StateKey ValidatorsKey = StateKey.Of("auth/validators");
    private static readonly StateKey NextValidatorsKey = StateKey.Of("auth/validators_next");
    private static readonly StateKey PendingValidatorsKey = StateKey.Of("auth/validators_pending");
    private static readonly StateKey PrioritiesKey = StateKey.Of("auth/proposer_priorities");

    /// <summary>The validator set that signs the next block, ordered by address: its hash is that block's header's.</summary>
    public static ValidatorSet Validators(IState state) => ValidatorSet.Decode(state.Get(ValidatorsKey));

    /// <summary>The set that signed the last block (its commit, carried by the next block, is checked against it).</summary>
    public static ValidatorSet PreviousValidators(IState state) => ValidatorSet.Decode(state.Get(PreviousValidatorsKey) ?? state.Get(ValidatorsKey));

    /// <summary>The set that signs the block after the next one.</summary>
    public static ValidatorSet NextValidators(IState state) => ValidatorSet.Decode(state.Get(NextValidatorsKey) ?? state.Get(ValidatorsKey));

    /// <summary>The latest set known: the one scheduled in this block, else the next one.</summary>
    public static ValidatorSet LatestValidators(IState state) =>
        state.Get(PendingValidatorsKey) is { } pending ? ValidatorSet.Decode(pending) : NextValidators(state);

    /// <summary>Proposer selection for the next block: its validators with their proposer priorities.</summary>
    public static ProposerRotation Rotation(IState state) => ProposerRotation.Decode(Validators(state), state.Get(PrioritiesKey));

    /// <summary>Makes <paramref name="validators"/> the set from now on, with fresh proposer priorities (genesis).</summary>
    public static void SetValidators(IState state, IEnumerable<Validator> validators)
    {
        var set = new ValidatorSet(validators);
        state.Set(PreviousValidatorsKey, set.Encode());
        state.Set(ValidatorsKey, set.Encode());
        state.Set(NextValidatorsKey, set.Encode());
        state.Delete(PendingValidatorsKey);
        state.Set(PrioritiesKey, ProposerRotation.Start(set).EncodePriorities());
    }

    /// <summary>Schedules <paramref name="validators"/> to sign from <see cref="SetChangeOffset"/> blocks after the one being
    /// executed (a later call in the same block replaces it). An empty set is refused: the chain would stop.</summary>
    public static void ScheduleValidators(IState state, ValidatorSet validators)
    {
        if (validators.Count == 0) throw new InvalidOperationException("an empty validator set cannot be scheduled");
        state.Set(PendingValidatorsKey, validators.Encode());
    }

    /// <summary>The end of every block (after every module's hook): the current set becomes the previous one, the next set
    /// the current one, a set scheduled in this block the next one, and the proposer rotation moves one step (CometBFT's
    /// rule for a changed set).</summary>
    public static void AdvanceValidators(IState state)
    {
        var current = Validators(state);
        var next = NextValidators(state);
        state.Set(PrioritiesKey, ProposerRotation.Decode(current, state.Get(PrioritiesKey)).Next(next).EncodePriorities());
        if (state.Get(PreviousValidatorsKey) is not { } previous || !ValidatorSet.Decode(previous)
            .SameAs(current)) state.Set(PreviousValidatorsKey, current.Encode());
        if (!next.SameAs(current)) state.Set(ValidatorsKey, next.Encode());
        if (state.Get(PendingValidatorsKey) is { } pending)
        {
            state.Set(NextValidatorsKey, pending);
            state.Delete(PendingValidatorsKey);
        }
    }

    public Rejection? Execute(TxContext context, IMessage message) =>
        new(RejectionCodes.UnknownMessage, "the auth module has no messages");

    public void EndBlock(TxContext context)
    {
    }

    private static StateKey NonceKey(Address a)
    {
        Span<byte> k = stackalloc byte[Address.Size];
        a.CopyTo(k);
        return StateKey.Of("auth/nonce/", k);
    }

    /// <summary>The nonce the account's next transaction must carry.</summary>
    public static ulong NextNonce(IState state, Address account)
    {
        var raw = state.Get(NonceKey(account));
        return raw is null ? 0 : BinaryPrimitives.ReadUInt64LittleEndian(raw);
    }

    public static void SetNextNonce(IState state, Address account, ulong nonce)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, nonce);
        state.Set(NonceKey(account), bytes);
    }
}
