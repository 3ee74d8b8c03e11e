using GridForge.Core.Primitives;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Tokens;

/// <summary>The tokens module's read door: what the API, the dashboard, the CLI and the simulator may read of balances and
/// supplies, as typed values. Never called by consensus code; nothing outside the module knows its key layout.</summary>
public static class TokensQueries
{
    /// <summary>An account's balance of a token: free and reserved.</summary>
    public static Balance Balance(IState state, Address account, Token token) => TokensModule.GetBalance(state, account, token);

    /// <summary>A token's total supply.</summary>
    public static ulong Supply(IState state, Token token) => TokensModule.Supply(state, token);

    /// <summary>What every account's balance of a token holds together, free and reserved (wide, so a broken state cannot wrap):
    /// what an audit compares with <see cref="Supply"/> (DESIGN §3: they are equal).</summary>
    public static UInt128 TotalHeld(IScannableState state, Token token)
    {
        var prefix = TokensModule.BalanceKey(Address.None, token).Bytes[..^Address.Size];
        UInt128 sum = 0;
        foreach (var (_, value) in state.Scan(prefix))
        {
            var balance = Tokens.Balance.Decode(value);
            sum += (UInt128)balance.Free + balance.Reserved;
        }

        return sum;
    }

    /// <summary>The state key a proof of an account's balance of a token is about (the node proves keys against the state root;
    /// what the key holds is <see cref="Balance"/>).</summary>
    public static StateKey BalanceProofKey(Address account, Token token) => TokensModule.BalanceKey(account, token);
}
