using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>What disputes need from other modules, and nothing more (as Cosmos SDK's <c>expected_keepers.go</c>): the module
/// host wires an implementation of each when it builds the modules (<c>ChainRuntime.StandardModules</c>); a test may wire a
/// double. What others tell disputes (a slot, trade or contract period settled) comes the other way, through the hooks in
/// <see cref="DisputeHolds"/>. docs/architecture.md, "Modules and their needs".</summary>
internal sealed record DisputesNeeds(DisputesNeeds.ITokens Tokens, DisputesNeeds.IGrid Grid, DisputesNeeds.IStaking Staking, DisputesNeeds.IMetering Metering,
    DisputesNeeds.IMarket Market, DisputesNeeds.ISettlement Settlement, DisputesNeeds.IContracts Contracts)
{
    /// <summary>Bonds and holds: reserve them, release them, move them to the side a ruling favours.</summary>
    public interface ITokens
    {
        Balance GetBalance(IState state, Address account, Token token);

        Rejection? Reserve(IState state, Address account, Token token, ulong amount);

        void Unreserve(IState state, Address account, Token token, ulong amount);

        void TransferReserved(IState state, Address from, Address to, Token token, ulong amount);
    }

    /// <summary>The DSO, who arbitrates while governance has set no council.</summary>
    public interface IGrid
    {
        Address? Dso(IState state);
    }

    /// <summary>Whether a council member holds its arbitrator access bond.</summary>
    public interface IStaking
    {
        bool HasAccess(IState state, Address account, string role);
    }

    /// <summary>When a slot's metering window closes (a subject's settlement time when disputes did not see it settle).</summary>
    public interface IMetering
    {
        long WindowClosesAt(IState state, SlotId slot);
    }

    /// <summary>A trade, the subject of a dispute.</summary>
    public interface IMarket
    {
        MarketTrade? Trade(IState state, SlotId slot, uint seq);
    }

    /// <summary>How a trade settled, if it did.</summary>
    public interface ISettlement
    {
        TradeSettlement? Result(IState state, SlotId slot, uint seq);
    }

    /// <summary>A contract and its periods, the subjects of contract disputes, and who sells and buys under a PPA's terms.</summary>
    public interface IContracts
    {
        ContractRecord? Contract(IState state, ulong id);

        PpaPeriod? PpaPeriod(IState state, ulong contract, long period);

        FlexSlotRecord? FlexSlot(IState state, ulong contract, SlotId slot);

        (Address Seller, Address Buyer) Parties(ContractRecord contract, PpaTerms terms);
    }
}
