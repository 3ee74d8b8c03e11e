using System.Buffers.Binary;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Auth;

/// <summary>Accounts' nonces and the chain-wide limits on transactions and blocks. It has no messages:
/// the runtime consults it before every transaction.</summary>
public sealed class AuthModule : IModule
{
    public const string ModuleName = "auth";

    public static readonly ParamSpec MaxTxBytes = new("max_tx_bytes", 65_536, 1_024, 1_048_576, "largest accepted transaction, in bytes");
    public static readonly ParamSpec MaxBlockTxs = new("max_block_txs", 50_000, 1, 1_000_000, "most transactions in one block");
    public static readonly ParamSpec BlockIntervalMs = new("block_interval_ms", 1_000, 100, 60_000, "target time between blocks");
    public static readonly ParamSpec MaxBlockBytes = new("max_block_bytes", 8 * 1024 * 1024, 64 * 1024, 16 * 1024 * 1024, "most bytes of transactions in one block (a proposal must cross the network)");

    public byte Id => 0;

    public string Name => ModuleName;

    public IReadOnlyList<ParamSpec> Params { get; } = [MaxTxBytes, MaxBlockTxs, BlockIntervalMs, MaxBlockBytes];

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

    private static readonly StateKey ValidatorsKey = StateKey.Of("auth/validators");

    /// <summary>The validator set that signs the next block, ordered by address.</summary>
    public static ValidatorSet Validators(IState state) => ValidatorSet.Decode(state.Get(ValidatorsKey));

    public static void SetValidators(IState state, IEnumerable<Validator> validators) =>
        state.Set(ValidatorsKey, new ValidatorSet(validators).Encode());

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
