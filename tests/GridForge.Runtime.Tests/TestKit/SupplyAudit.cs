using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;

namespace GridForge.Tests.TestKit;

/// <summary>DESIGN §3: the sum of every balance (free and reserved) of a token equals its recorded supply.</summary>
public static class SupplyAudit
{
    public static readonly Token[] Tokens = [Token.Grid, Token.Watt];

    /// <summary>What all balances of <paramref name="token"/> hold together (wide, so a broken state cannot wrap).</summary>
    public static UInt128 Held(StateStore state, Token token) => TokensQueries.TotalHeld(state, token);

    /// <summary>Each token's balances add up to its supply, and the supply is what it was at genesis.</summary>
    public static void AssertConserved(StateStore state, IReadOnlyDictionary<Token, ulong> genesisSupply, string when)
    {
        foreach (var token in Tokens)
        {
            var supply = TokensQueries.Supply(state, token);
            Assert.True(genesisSupply[token] == supply, $"{when}: the {token.Name()} supply moved from {genesisSupply[token]} to {supply}");
            var held = Held(state, token);
            Assert.True(held == supply, $"{when}: {token.Name()} balances hold {held} but the supply is {supply}");
        }
    }

    public static IReadOnlyDictionary<Token, ulong> SuppliesOf(StateStore state) =>
        Tokens.ToDictionary(t => t, t => TokensQueries.Supply(state, t));
}
