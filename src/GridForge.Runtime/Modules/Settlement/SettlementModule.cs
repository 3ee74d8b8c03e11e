using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>Settles each closed slot's trades against the meters once the slot's metering window has closed (DESIGN §6
/// Settlement): delivered energy is paid as Market rule 3 says with the DSO keeping the difference, undelivered escrow is
/// released, sellers pay imbalance penalties (a debt when they cannot), energy balances are filled in, and delivered solar
/// and wind energy becomes granular certificates owned by the buyers, who may transfer or retire them.</summary>
public sealed class SettlementModule : IModule
{
    public const string ModuleName = "settlement";

    /// <summary>The role whose holder receives imbalance penalties; without one, the DSO does.</summary>
    public const string BalancingRole = "balancing";

    public static readonly ParamSpec ImbalancePenalty = new("imbalance_penalty", 100_000, 0, 1_000_000_000_000, "what a seller pays per kWh it sold but did not deliver, in µWATT");
    public static readonly ParamSpec MaxSlotsPerBlock = new("max_slots_per_block", 8, 1, 10_000, "most slots one block's end settles (the rest wait for the next block)");

    public byte Id => ModuleIds.Settlement;

    public string Name => ModuleName;

    public IReadOnlyList<ParamSpec> Params { get; } = [ImbalancePenalty, MaxSlotsPerBlock];

    public void RegisterMessages(MessageRegistry registry)
    {
        registry.Register(ModuleIds.Settlement, PayDebtMessage.TypeId, "settlement.pay_debt", PayDebtMessage.Decode);
        registry.Register(ModuleIds.Settlement, TransferCertificateMessage.TypeId, "settlement.transfer_certificate", TransferCertificateMessage.Decode);
        registry.Register(ModuleIds.Settlement, RetireCertificateMessage.TypeId, "settlement.retire_certificate", RetireCertificateMessage.Decode);
    }

    public void InitGenesis(TxContext context, GenesisDocument genesis)
    {
    }

    public Rejection? Execute(TxContext context, IMessage message) => message switch
    {
        PayDebtMessage m => PayDebt(context, m),
        TransferCertificateMessage m => Certificates.Transfer(context, m),
        RetireCertificateMessage m => Certificates.Retire(context, m),
        _ => new Rejection(RejectionCodes.UnknownMessage, $"the settlement module has no message {message.Type}"),
    };

    /// <summary>Settles, in slot order, the pending slots whose metering window has closed by the block's time.</summary>
    public void EndBlock(TxContext context)
    {
        var state = context.State;
        var pending = SettlementStore.Pending(state);
        if (pending.Count == 0) return;
        var max = Parameters.Get(state, Name, MaxSlotsPerBlock);
        var left = new List<long>(pending.Count);
        var settled = 0;
        foreach (var slot in pending)
        {
            if (settled < max && MeteringModule.WindowClosesAt(state, new SlotId(slot)) <= context.Block.Time)
            {
                Settle(context, new SlotId(slot));
                settled++;
            }
            else
            {
                left.Add(slot);
            }
        }

        SettlementStore.SetPending(state, left);
    }

    /// <summary>The account imbalance penalties go to: the <c>balancing</c> role's holder, else the DSO.</summary>
    public static Address BalancingAccount(IState state) =>
        AuthModule.RoleHolder(state, BalancingRole) ?? AuthModule.RoleHolder(state, GridModule.DsoRole) ?? Address.None;

    private void Settle(TxContext context, SlotId slot)
    {
        var state = context.State;
        var dso = AuthModule.RoleHolder(state, GridModule.DsoRole) ?? Address.None;
        var balancing = BalancingAccount(state);
        var penaltyPerKwh = Parameters.Get(state, Name, ImbalancePenalty);
        var exports = new SellerExports(state, slot);
        var trades = MarketStore.Trades(state, slot);
        foreach (var t in trades)
        {
            var pieces = exports.Allocate(t.Seller, t.SellZone, t.Quantity);
            long delivered = 0;
            foreach (var p in pieces) delivered += p.Wh;

            // DESIGN §3: the buyer's side rounds up, the seller's down, the DSO receives the difference.
            var buyerCost = Escrow.Ceil(delivered, t.BuyerPrice);
            var sellerGain = Escrow.Floor(delivered, t.SellerPrice);
            var pay = buyerCost > 0 ? Math.Min((ulong)buyerCost, t.BuyerEscrow) : 0;
            var sellerPays = sellerGain < 0 ? Math.Min((ulong)-sellerGain, t.SellerEscrow) : 0;
            var inflow = checked(pay + sellerPays);
            var buyerGets = Math.Min(buyerCost < 0 ? (ulong)-buyerCost : 0, inflow);
            var sellerGets = Math.Min(sellerGain > 0 ? (ulong)sellerGain : 0, inflow - buyerGets);
            var dsoGets = inflow - buyerGets - sellerGets;
            Pay(state, [(t.Buyer, pay), (t.Seller, sellerPays)], [(t.Seller, sellerGets), (t.Buyer, buyerGets), (dso, dsoGets)]);
            var buyerReleased = t.BuyerEscrow - pay;
            var sellerReleased = t.SellerEscrow - sellerPays;
            if (buyerReleased > 0) TokensModule.Unreserve(state, t.Buyer, Token.Watt, buyerReleased);
            if (sellerReleased > 0) TokensModule.Unreserve(state, t.Seller, Token.Watt, sellerReleased);

            var shortWh = t.Quantity - delivered;
            var penalty = (ulong)Escrow.Ceil(shortWh, penaltyPerKwh);
            var penaltyPaid = Math.Min(penalty, TokensModule.GetBalance(state, t.Seller, Token.Watt).Free);
            if (penaltyPaid > 0 && TokensModule.Transfer(state, t.Seller, balancing, Token.Watt, penaltyPaid) is { } refused)
            {
                throw new InvalidOperationException($"a penalty transfer the balance allowed was refused: {refused}");
            }

            var debt = penalty - penaltyPaid;
            if (debt > 0) SettlementStore.SetDebt(state, t.Seller, checked(SettlementStore.Debt(state, t.Seller) + debt));

            var certified = Certificates.Issue(context, t, pieces);
            EnergyBalances.Add(state, t.Buyer, slot, new EnergyBalance { Bought = new Wh(t.Quantity), Delivered = new Wh(delivered) });
            EnergyBalances.Add(state, t.Seller, slot, new EnergyBalance { Sold = new Wh(t.Quantity), Delivered = new Wh(delivered), Imbalance = new Wh(shortWh) });

            var result = new TradeSettlement(slot, t.Seq, t.Buyer, t.Seller, delivered, checked((long)pay - (long)buyerGets), checked((long)sellerGets - (long)sellerPays),
                dsoGets, buyerReleased, sellerReleased, penalty, penaltyPaid, debt, certified);
            state.Set(SettlementStore.ResultKey(slot, t.Seq), result.Encode());
            state.Set(SettlementStore.OwnerResultKey(t.Buyer, slot, t.Seq), [1]);
            state.Set(SettlementStore.OwnerResultKey(t.Seller, slot, t.Seq), [1]);
            context.Emit(Event.Of(Name, SettlementEvents.TradeSettled, ("slot", slot), ("trade", t.Seq), ("buyer", t.Buyer), ("seller", t.Seller),
                ("quantity", t.Quantity), ("delivered", delivered), ("buyer_paid", result.BuyerPaid), ("seller_received", result.SellerReceived),
                ("dso_received", dsoGets), ("penalty", penalty), ("penalty_paid", penaltyPaid), ("debt", debt), ("certified_wh", certified)));
            DisputeHolds.OnTradeSettled(context, t, result);
        }

        DisputeHolds.OnSlotSettled(context, slot);
        context.Emit(Event.Of(Name, SettlementEvents.SlotSettled, ("slot", slot), ("trades", trades.Count)));
    }

    /// <summary>Moves reserved funds from the payers to the payees, pairing them in the order given (no intermediate account).</summary>
    private static void Pay(IState state, (Address From, ulong Amount)[] payers, (Address To, ulong Amount)[] payees)
    {
        var i = 0;
        var leftFrom = payers[0].Amount;
        foreach (var (to, amount) in payees)
        {
            var owed = amount;
            while (owed > 0)
            {
                while (leftFrom == 0) leftFrom = payers[++i].Amount;
                var x = Math.Min(owed, leftFrom);
                TokensModule.TransferReserved(state, payers[i].From, to, Token.Watt, x);
                owed -= x;
                leftFrom -= x;
            }
        }
    }

    private Rejection? PayDebt(TxContext context, PayDebtMessage m)
    {
        var state = context.State;
        var debt = SettlementStore.Debt(state, context.Sender);
        if (debt == 0) return new Rejection(SettlementCodes.NoDebt, $"{context.Sender} owes no imbalance penalty");
        if (m.Amount == 0) return new Rejection(RejectionCodes.InvalidAmount, "a payment moves a positive amount");
        var paid = Math.Min(m.Amount, debt);
        if (TokensModule.Transfer(state, context.Sender, BalancingAccount(state), Token.Watt, paid) is { } refused) return refused;
        SettlementStore.SetDebt(state, context.Sender, debt - paid);
        context.Emit(Event.Of(Name, SettlementEvents.DebtPaid, ("account", context.Sender), ("paid", paid), ("debt", debt - paid)));
        return null;
    }
}
