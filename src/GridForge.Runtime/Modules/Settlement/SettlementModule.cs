using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>Settles each closed slot's trades against the meters once the slot's metering window has closed (DESIGN §6
/// Settlement): delivered energy is paid as Market rule 3 says with the DSO keeping the difference, undelivered escrow is
/// released, sellers pay imbalance penalties (a debt when they cannot), energy balances are filled in, and delivered solar
/// and wind energy becomes granular certificates owned by the buyers, who may transfer or retire them.</summary>
public sealed partial class SettlementModule : IModule
{
    public const string ModuleName = "settlement";

    /// <summary>The role whose holder receives imbalance penalties; without one, the DSO does.</summary>
    public const string BalancingRole = "balancing";

    private readonly SettlementNeeds _needs;

    /// <summary>Settlement that reaches other modules only through <paramref name="needs"/>.</summary>
    internal SettlementModule(SettlementNeeds needs) => _needs = needs;

    public byte Id => ModuleIds.Settlement;

    public string Name => ModuleName;

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

    /// <summary>The hook the market calls (through its needs): a slot's book closed with trades, which settle once the slot's
    /// metering window has closed.</summary>
    public static void SlotClosedWithTrades(IState state, SlotId slot) => SettlementStore.AddPending(state, slot);

    /// <summary>Settles, in slot order, the pending slots whose metering window has closed by the block's time — each slot on an
    /// overlay of its own (DESIGN §3: end-of-block work item by item). A slot whose settlement fails keeps its place and is tried
    /// again at the next blocks; after <see cref="ItemAttempts.Max"/> failures in a row it is set aside as stalled (its trades'
    /// escrow stays reserved, visible in the API), so one bad slot never stops the others or the chain.</summary>
    public void EndBlock(TxContext context)
    {
        var state = context.State;
        var pending = SettlementStore.Pending(state);
        if (pending.Count == 0) return;
        var max = MaxSlotsPerBlock.Get(state);
        var left = new List<long>(pending.Count);
        var settled = 0;
        foreach (var index in pending)
        {
            var slot = new SlotId(index);
            if (settled >= max || _needs.Metering.WindowClosesAt(state, slot) > context.Block.Time)
            {
                left.Add(index);
                continue;
            }

            settled++;
            var failed = context.RunIsolated(new WorkItem("settlement of slot", index), inner => Settle(inner, slot));
            if (failed is null)
            {
                ItemAttempts.Succeeded(state, Name, "slot", index);
                continue;
            }

            var attempts = ItemAttempts.Failed(state, Name, "slot", index);
            context.Emit(new SlotSettlementFailed(slot, attempts, failed.Code, failed.Message));
            if (attempts < ItemAttempts.Max)
            {
                left.Add(index);
                continue;
            }

            SettlementStore.AddStalled(state, slot);
            context.Emit(new SlotSettlementStalled(slot, attempts, failed.Code));
        }

        SettlementStore.SetPending(state, left);
    }

    /// <summary>The account imbalance penalties go to: the <c>balancing</c> role's holder, else the DSO.</summary>
    public Address BalancingAccount(IState state) =>
        _needs.Auth.RoleHolder(state, BalancingRole) ?? _needs.Grid.Dso(state) ?? Address.None;

    /// <summary>Settles a slot's trades in trade order, each on an overlay of its own: a trade whose settlement fails is voided
    /// (both escrows back to their owners, the export it was allocated given back to the trades after it) and the slot goes on.</summary>
    private void Settle(TxContext context, SlotId slot)
    {
        var state = context.State;
        var exports = new SellerExports(state, slot, _needs.Metering);
        var trades = _needs.Market.Trades(state, slot);
        foreach (var t in trades)
        {
            var mark = exports.Mark();
            if (context.RunIsolated(new WorkItem("settlement of a trade in slot", slot.Index),
                inner => SettleTrade(inner, t, exports)) is not { } failed) continue;
            exports.Rewind(mark);
            Void(context, t, failed);
        }

        _needs.Disputes.OnSlotSettled(context, slot);
        context.Emit(new SlotSettled(slot, trades.Count));
    }

    private Rejection? SettleTrade(TxContext context, MarketTrade t, SellerExports exports)
    {
        var state = context.State;
        var slot = t.Slot;
        var dso = _needs.Grid.Dso(state) ?? Address.None;
        var pieces = exports.Allocate(t.Seller, t.SellZone, t.Quantity);
        long delivered = 0;
        foreach (var p in pieces) delivered = checked(delivered + p.Wh);

        // DESIGN §3: the buyer's side rounds up, the seller's down, the DSO receives the difference.
        var buyerCost = Escrow.Ceil(new Wh(delivered), new PricePerKwh(t.BuyerPrice));
        var sellerGain = Escrow.Floor(new Wh(delivered), new PricePerKwh(t.SellerPrice));
        var pay = buyerCost > 0 ? Math.Min((ulong)buyerCost, t.BuyerEscrow) : 0;
        var sellerPays = sellerGain < 0 ? Math.Min((ulong)-sellerGain, t.SellerEscrow) : 0;
        var inflow = checked(pay + sellerPays);
        var buyerGets = Math.Min(buyerCost < 0 ? (ulong)-buyerCost : 0, inflow);
        var sellerGets = Math.Min(sellerGain > 0 ? (ulong)sellerGain : 0, inflow - buyerGets);
        var dsoGets = inflow - buyerGets - sellerGets;
        Pay(state, [(t.Buyer, pay), (t.Seller, sellerPays)], [(t.Seller, sellerGets), (t.Buyer, buyerGets), (dso, dsoGets)]);
        var buyerReleased = t.BuyerEscrow - pay;
        var sellerReleased = t.SellerEscrow - sellerPays;
        if (buyerReleased > 0) _needs.Tokens.Unreserve(state, t.Buyer, Token.Watt, buyerReleased);
        if (sellerReleased > 0) _needs.Tokens.Unreserve(state, t.Seller, Token.Watt, sellerReleased);

        // Owed exactly (128-bit: governance may raise the penalty to its bound on a trade of the largest size); paid from the
        // seller's free WATT as far as it goes, the rest a debt to the balancing account.
        var shortWh = t.Quantity - delivered;
        var penalty = (UInt128)Escrow.CeilExact(new Wh(shortWh), new PricePerKwh(ImbalancePenalty.Get(state)));
        var penaltyPaid = (ulong)UInt128.Min(penalty, _needs.Tokens.GetBalance(state, t.Seller, Token.Watt).Free);
        if (penaltyPaid > 0 && _needs.Tokens.Transfer(state, t.Seller, BalancingAccount(state), Token.Watt, penaltyPaid) is { } refused) return refused;
        var debt = Debts.Add(state, t.Seller, Address.None, penalty - penaltyPaid);

        var certified = Certificates.Issue(context, t, pieces);
        _needs.Metering.AddEnergy(state, t.Buyer, slot, new EnergyBalance { Bought = new Wh(t.Quantity), Delivered = new Wh(delivered) });
        _needs.Metering.AddEnergy(state, t.Seller, slot,
            new EnergyBalance { Sold = new Wh(t.Quantity), Delivered = new Wh(delivered), Imbalance = new Wh(shortWh) });

        var result = new TradeSettlement(slot, t.Seq, t.Buyer, t.Seller, delivered, checked((long)pay - (long)buyerGets), checked((long)sellerGets - (
            long)sellerPays),
            dsoGets, buyerReleased, sellerReleased, penalty, penaltyPaid, debt, certified);
        Record(context, t, result);
        context.Emit(new TradeSettled(slot, t.Seq, t.Buyer, t.Seller, t.Quantity, delivered, result.BuyerPaid, result.SellerReceived, dsoGets, penalty,
            penaltyPaid, debt, certified));
        _needs.Disputes.OnTradeSettled(context, t, result);
        return null;
    }

    /// <summary>A trade the runtime could not settle: both escrows go back to their owners, nothing else moves, and the result
    /// says so. Voiding only releases what the trade holds, so when even that fails the slot fails as a whole.</summary>
    private void Void(TxContext context, MarketTrade t, Rejection failed)
    {
        var state = context.State;
        if (t.BuyerEscrow > 0) _needs.Tokens.Unreserve(state, t.Buyer, Token.Watt, t.BuyerEscrow);
        if (t.SellerEscrow > 0) _needs.Tokens.Unreserve(state, t.Seller, Token.Watt, t.SellerEscrow);
        var result = new TradeSettlement(t.Slot, t.Seq, t.Buyer, t.Seller, 0, 0, 0, 0, t.BuyerEscrow, t.SellerEscrow, 0, 0, 0, 0, Voided: true);
        Record(context, t, result);
        context.Emit(new TradeVoided(t.Slot, t.Seq, t.Buyer, t.Seller, t.BuyerEscrow, t.SellerEscrow, failed.Code, failed.Message));
        _needs.Disputes.OnTradeSettled(context, t, result);
    }

    private static void Record(TxContext context, MarketTrade t, TradeSettlement result)
    {
        var state = context.State;
        state.Set(SettlementStore.ResultKey(t.Slot, t.Seq), result.Encode());
        state.Set(SettlementStore.OwnerResultKey(t.Buyer, t.Slot, t.Seq), [1]);
        state.Set(SettlementStore.OwnerResultKey(t.Seller, t.Slot, t.Seq), [1]);
    }

    /// <summary>Moves reserved funds from the payers to the payees, pairing them in the order given (no intermediate account).</summary>
    private void Pay(IState state, (Address From, ulong Amount)[] payers, (Address To, ulong Amount)[] payees)
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
                _needs.Tokens.TransferReserved(state, payers[i].From, to, Token.Watt, x);
                owed -= x;
                leftFrom -= x;
            }
        }
    }

    /// <summary>Pays up to the message's amount of the sender's debts, in their order: the balancing account's (imbalance
    /// penalties) first, then each creditor's (contract payments) by address.</summary>
    private Rejection? PayDebt(TxContext context, PayDebtMessage m)
    {
        var state = context.State;
        var debts = Debts.Of(state, context.Sender);
        if (debts.Count == 0) return new Rejection(SettlementCodes.NoDebt, $"{context.Sender} owes no debt");
        if (m.Amount.IsZero) return new Rejection(RejectionCodes.InvalidAmount, "a payment moves a positive amount");
        var budget = m.Amount.Micro;
        var left = new List<DebtEntry>(debts.Count);
        foreach (var d in debts)
        {
            var paid = Math.Min(budget, d.Amount);
            if (paid > 0)
            {
                var to = d.Creditor == Address.None ? BalancingAccount(state) : d.Creditor;
                if (_needs.Tokens.Transfer(state, context.Sender, to, Token.Watt, paid) is { } refused) return refused;
                budget -= paid;
                context.Emit(new DebtPaid(context.Sender, to, paid, d.Amount - paid));
            }

            left.Add(d with { Amount = d.Amount - paid });
        }

        Debts.Set(state, context.Sender, left);
        return null;
    }
}
