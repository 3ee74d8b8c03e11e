using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Execution.Keepers;

/// <summary>What the tokens module offers the others: one implementation of every module's needs of tokens (each module declares
/// only the part it uses), forwarding to <see cref="TokensModule"/>.</summary>
internal sealed class TokensKeeper : ContractsNeeds.ITokens, DisputesNeeds.ITokens, GovernanceNeeds.ITokens, MarketNeeds.ITokens, SettlementNeeds.ITokens,
    StablecoinNeeds.ITokens, StakingNeeds.ITokens
{
    public ulong Supply(IState state, Token token) => TokensModule.Supply(state, token);

    public void Mint(IState state, Address to, Token token, ulong amount) => TokensModule.Mint(state, to, token, amount);

    public Rejection? Burn(IState state, Address from, Token token, ulong amount) => TokensModule.Burn(state, from, token, amount);

    public Balance GetBalance(IState state, Address account, Token token) => TokensModule.GetBalance(state, account, token);

    public Rejection? Reserve(IState state, Address account, Token token, ulong amount) => TokensModule.Reserve(state, account, token, amount);

    public Rejection? Transfer(IState state, Address from, Address to, Token token, ulong amount) => TokensModule.Transfer(state, from, to, token, amount);

    public void TransferReserved(IState state, Address from, Address to, Token token, ulong amount) =>
        TokensModule.TransferReserved(state, from, to, token, amount);

    public void Unreserve(IState state, Address account, Token token, ulong amount) => TokensModule.Unreserve(state, account, token, amount);
}
