using System.Buffers.Binary;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Tokens;

/// <summary>GRID and WATT balances: transfers, reserved (escrowed) balances, supply, and the fee paid in
/// WATT to the block's proposer. Other modules move funds only through this module's API.</summary>
public sealed partial class TokensModule : IModule
{
    public const string ModuleName = "tokens";

    public byte Id => ModuleIds.Tokens;

    public string Name => ModuleName;

    public void RegisterMessages(MessageRegistry registry) =>
        registry.Register(ModuleIds.Tokens, TransferMessage.TypeId, "tokens.transfer", TransferMessage.Decode);

    public void InitGenesis(TxContext context, GenesisDocument genesis)
    {
        foreach (var account in genesis.Accounts)
        {
            var address = Address.Parse(account.Address);
            if (account.Grid > 0) Mint(context.State, address, Token.Grid, account.Grid);
            if (account.Watt > 0) Mint(context.State, address, Token.Watt, account.Watt);
        }
    }

    public Rejection? Execute(TxContext context, IMessage message)
    {
        switch (message)
        {
            case TransferMessage t:
                if (t.Amount.IsZero)
                {
                    return new Rejection(RejectionCodes.InvalidAmount, "a transfer moves a positive amount");
                }

                var rejection = Transfer(context.State, context.Sender, t.To, t.Token, t.Amount.Micro);
                if (rejection is null)
                {
                    context.Emit(new TokensTransferred(context.Sender, t.To, t.Token, t.Amount.Micro));
                }

                return rejection;
            default:
                return new Rejection(RejectionCodes.UnknownMessage, $"the tokens module has no message {message.Type}");
        }
    }

    public void EndBlock(TxContext context)
    {
    }

    /// <summary>The state key of an account's balance of a token (what a balance proof proves).</summary>
    internal static StateKey BalanceKey(Address a, Token token)
    {
        Span<byte> k = stackalloc byte[1 + Address.Size];
        k[0] = (byte)token;
        a.CopyTo(k[1..]);
        return StateKey.Of("tokens/bal/", k);
    }

    private static StateKey SupplyKey(Token token) => StateKey.Of("tokens/supply/", [(byte)token]);

    public static Balance GetBalance(IState state, Address account, Token token) =>
        Balance.Decode(state.Get(BalanceKey(account, token)));

    private static void SetBalance(IState state, Address account, Token token, Balance balance) =>
        Store(state, BalanceKey(account, token), balance);

    private static void Store(IState state, StateKey key, Balance balance)
    {
        if (balance == default) state.Delete(key);
        else state.Set(key, balance.Encode());
    }

    public static ulong Supply(IState state, Token token)
    {
        var raw = state.Get(SupplyKey(token));
        return raw is null ? 0 : BinaryPrimitives.ReadUInt64LittleEndian(raw);
    }

    private static void SetSupply(IState state, Token token, ulong supply)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, supply);
        state.Set(SupplyKey(token), b);
    }

    private static Rejection Insufficient(Address a, Token token, ulong have, ulong need) =>
        new(RejectionCodes.InsufficientFunds, $"{a} has {new Amount(have)} {token.Name()} free, needs {new Amount(need)}");

    /// <summary>Moves free funds; refuses (changing nothing) when the payer is short or the payee would overflow.</summary>
    public static Rejection? Transfer(IState state, Address from, Address to, Token token, ulong amount)
    {
        // Each key is built once and used for the read and the write: this runs twice per transaction (fee, transfer).
        var fromKey = BalanceKey(from, token);
        var src = Balance.Decode(state.Get(fromKey));
        if (src.Free < amount) return Insufficient(from, token, src.Free, amount);
        if (from == to) return null;
        var toKey = BalanceKey(to, token);
        var dst = Balance.Decode(state.Get(toKey));
        if (dst.Free > ulong.MaxValue - amount || dst.Total > ulong.MaxValue - amount)
        {
            return new Rejection(RejectionCodes.Overflow, $"the transfer would overflow the balance of {to}");
        }

        Store(state, fromKey, src with { Free = src.Free - amount });
        Store(state, toKey, dst with { Free = dst.Free + amount });
        return null;
    }

    /// <summary>Moves free funds into the account's reserved balance (escrow).</summary>
    public static Rejection? Reserve(IState state, Address account, Token token, ulong amount)
    {
        var b = GetBalance(state, account, token);
        if (b.Free < amount) return Insufficient(account, token, b.Free, amount);
        SetBalance(state, account, token, new Balance(b.Free - amount, b.Reserved + amount));
        return null;
    }

    /// <summary>Returns reserved funds to the free balance; releasing more than is reserved is a bug.</summary>
    public static void Unreserve(IState state, Address account, Token token, ulong amount)
    {
        var b = GetBalance(state, account, token);
        if (b.Reserved < amount)
        {
            throw new InvalidOperationException($"unreserve of {amount} exceeds the {b.Reserved} reserved by {account}");
        }

        SetBalance(state, account, token, new Balance(b.Free + amount, b.Reserved - amount));
    }

    /// <summary>Pays out of the payer's reserved balance into the payee's free balance.</summary>
    public static void TransferReserved(IState state, Address from, Address to, Token token, ulong amount)
    {
        var src = GetBalance(state, from, token);
        if (src.Reserved < amount)
        {
            throw new InvalidOperationException($"a payment of {amount} exceeds the {src.Reserved} reserved by {from}");
        }

        SetBalance(state, from, token, src with { Reserved = src.Reserved - amount });
        var dst = GetBalance(state, to, token);
        SetBalance(state, to, token, dst with { Free = checked(dst.Free + amount) });
    }

    /// <summary>Creates tokens (genesis, issuance, staking rewards): the only way supply grows.</summary>
    public static void Mint(IState state, Address to, Token token, ulong amount)
    {
        var supply = checked(Supply(state, token) + amount);
        var b = GetBalance(state, to, token);
        SetBalance(state, to, token, b with { Free = checked(b.Free + amount) });
        SetSupply(state, token, supply);
    }

    /// <summary>Destroys free tokens (redemption, slashing): the only way supply shrinks.</summary>
    public static Rejection? Burn(IState state, Address from, Token token, ulong amount)
    {
        var b = GetBalance(state, from, token);
        if (b.Free < amount) return Insufficient(from, token, b.Free, amount);
        SetBalance(state, from, token, b with { Free = b.Free - amount });
        SetSupply(state, token, Supply(state, token) - amount);
        return null;
    }
}
