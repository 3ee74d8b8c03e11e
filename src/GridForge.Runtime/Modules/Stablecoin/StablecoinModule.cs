using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.State;
using GridForge.Runtime.Transactions;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>WATT issuance (DESIGN §6 "Stablecoin"): approved issuers mint against fiat deposit references,
/// holders redeem (burn) against a payout reference that the issuer later confirms paid, and attestors sign
/// each issuer's reserves. Invariants: WATT supply = minted − burned, and every issuer's outstanding ≤ its
/// latest attested reserves. WATT moves only through <see cref="TokensModule"/>.</summary>
public sealed class StablecoinModule : IModule
{
    public const string ModuleName = "stablecoin";

    private readonly StablecoinNeeds _needs;

    /// <summary>A stablecoin that reaches other modules only through <paramref name="needs"/>.</summary>
    internal StablecoinModule(StablecoinNeeds needs) => _needs = needs;

    public byte Id => ModuleIds.Stablecoin;

    public string Name => ModuleName;

    public IReadOnlyList<ParamSpec> Params { get; } = [];

    public void RegisterMessages(MessageRegistry registry)
    {
        registry.Register(ModuleIds.Stablecoin, MintMessage.TypeId, "stablecoin.mint", MintMessage.Decode);
        registry.Register(ModuleIds.Stablecoin, RedeemMessage.TypeId, "stablecoin.redeem", RedeemMessage.Decode);
        registry.Register(ModuleIds.Stablecoin, ConfirmPayoutMessage.TypeId, "stablecoin.confirm_payout", ConfirmPayoutMessage.Decode);
        registry.Register(ModuleIds.Stablecoin, AttestMessage.TypeId, "stablecoin.attest", AttestMessage.Decode);
    }

    /// <summary>Genesis WATT (minted by Tokens, which runs first) counts as an initial mint; the genesis issuers
    /// owe their stated share of it, attested at the genesis time; the rest is unattributed.</summary>
    public void InitGenesis(TxContext context, GenesisDocument genesis)
    {
        var state = context.State;
        var genesisWatt = _needs.Tokens.Supply(state, Token.Watt);
        var section = StablecoinGenesis.From(genesis, state, genesisWatt, _needs.Auth);
        ulong attributed = 0;
        foreach (var entry in section.Issuers)
        {
            var issuer = ParseGenesisAddress(genesis.ChainId, entry.Address, "issuer");
            var attestor = entry.Attestor is null ? issuer : ParseGenesisAddress(genesis.ChainId, entry.Attestor, "attestor");
            var reserves = entry.Reserves ?? entry.Outstanding;
            if (reserves < entry.Outstanding)
            {
                throw new InvalidOperationException($"genesis issuer {issuer} owes {entry.Outstanding} µWATT but its reserves are only {reserves}");
            }

            if (StablecoinState.Issuer(state, issuer) is not null)
            {
                throw new InvalidOperationException($"genesis names issuer {issuer} twice");
            }

            attributed = checked(attributed + entry.Outstanding);
            StablecoinState.SetIssuer(state, issuer, new IssuerRecord(attestor, true, entry.Outstanding, 0, 0, reserves, genesis.GenesisTime, 0));
        }

        if (attributed > genesisWatt)
        {
            throw new InvalidOperationException($"genesis issuers owe {attributed} µWATT but the genesis mints only {genesisWatt}");
        }

        StablecoinState.SetTotals(state, StablecoinTotals.Empty with { Minted = genesisWatt, GenesisMinted = genesisWatt, UnattributedGenesis =
            genesisWatt - attributed });
    }

    private static Address ParseGenesisAddress(string chainId, string text, string what)
    {
        if (!Address.TryParse(text, out var address, out var error))
        {
            throw new InvalidOperationException($"genesis stablecoin {what} '{text}': {error}");
        }

        if (!DevAccounts.IsDevChain(chainId) && DevAccounts.WellKnownName(address) is { } name)
        {
            throw new InvalidOperationException($"the dev account '{name}' may not be a stablecoin {what} on the non-dev chain '{chainId}'");
        }

        return address;
    }

    public Rejection? Execute(TxContext context, IMessage message) => message switch
    {
        MintMessage m => Mint(context, m),
        RedeemMessage r => Redeem(context, r),
        ConfirmPayoutMessage p => ConfirmPayout(context, p),
        AttestMessage a => Attest(context, a),
        _ => new Rejection(RejectionCodes.UnknownMessage, $"the stablecoin module has no message {message.Type}"),
    };

    public void EndBlock(TxContext context)
    {
    }

    private Rejection? Mint(TxContext context, MintMessage m)
    {
        var state = context.State;
        var issuer = context.Sender;
        var record = StablecoinState.Issuer(state, issuer);
        if (record is not { Active: true })
        {
            return new Rejection(StablecoinCodes.NotIssuer, $"{issuer} is not an active WATT issuer");
        }

        if (m.Amount.IsZero) return new Rejection(RejectionCodes.InvalidAmount, "a mint creates a positive amount");
        if (References.Check(m.DepositReference, "deposit reference") is { } bad) return bad;
        if (StablecoinState.Deposit(state, issuer, m.DepositReference) is { } used)
        {
            return new Rejection(StablecoinCodes.DepositReused, $"deposit '{m.DepositReference}' was already minted at height {used.Height}");
        }

        var outstanding = new Amount(record.Outstanding) + m.Amount;
        var reserves = new Amount(record.Reserves);
        if (outstanding > reserves)
        {
            return new Rejection(StablecoinCodes.MintExceedsReserves,
                $"minting {m.Amount} WATT would make {outstanding} outstanding, above the attested reserves of {reserves}");
        }

        // Stored records and events keep µ-units as ulong (their encodings are part of the recorded chain).
        var amount = m.Amount.Micro;
        _needs.Tokens.Mint(state, m.To, Token.Watt, amount);
        StablecoinState.SetIssuer(state, issuer, record with { Minted = checked(record.Minted + amount) });
        var totals = StablecoinState.Totals(state);
        StablecoinState.SetTotals(state, totals with { Minted = checked(totals.Minted + amount) });
        StablecoinState.SetDeposit(state, issuer, m.DepositReference, new DepositRecord(m.To, amount, context.Block.Height, context.Block.Time));
        context.Emit(new WattMinted(issuer, m.To, amount, m.DepositReference));
        return null;
    }

    private Rejection? Redeem(TxContext context, RedeemMessage m)
    {
        var state = context.State;
        var holder = context.Sender;
        if (m.Amount.IsZero) return new Rejection(RejectionCodes.InvalidAmount, "a redemption burns a positive amount");
        if (References.Check(m.PayoutReference, "payout reference") is { } bad) return bad;
        var record = StablecoinState.Issuer(state, m.Issuer);
        if (record is null) return new Rejection(StablecoinCodes.UnknownIssuer, $"{m.Issuer} is not a WATT issuer");
        var free = new Amount(_needs.Tokens.GetBalance(state, holder, Token.Watt).Free);
        if (free < m.Amount)
        {
            return new Rejection(StablecoinCodes.RedeemExceedsBalance, $"{holder} holds {free} WATT free and cannot redeem {m.Amount}");
        }

        var outstanding = new Amount(record.Outstanding);
        if (outstanding < m.Amount)
        {
            return new Rejection(StablecoinCodes.RedeemExceedsOutstanding,
                $"issuer {m.Issuer} has {outstanding} WATT outstanding and cannot owe a redemption of {m.Amount}");
        }

        var amount = m.Amount.Micro;
        if (_needs.Tokens.Burn(state, holder, Token.Watt, amount) is { } shortfall) return shortfall;
        StablecoinState.SetIssuer(state, m.Issuer, record with { Redeemed = checked(record.Redeemed + amount) });
        var totals = StablecoinState.Totals(state);
        var id = totals.NextRedemptionId;
        StablecoinState.SetTotals(state, totals with { Burned = checked(totals.Burned + amount), NextRedemptionId = checked(id + 1) });
        StablecoinState.SetRedemption(state, new RedemptionRecord(id, holder, m.Issuer, amount, m.PayoutReference,
            context.Block.Height, context.Block.Time, RedemptionStatus.Pending, string.Empty, 0, 0));
        context.Emit(new WattRedeemed(id, holder, m.Issuer, amount, m.PayoutReference));
        return null;
    }

    private static Rejection? ConfirmPayout(TxContext context, ConfirmPayoutMessage m)
    {
        var state = context.State;
        if (References.Check(m.BankReference, "bank reference") is { } bad) return bad;
        var redemption = StablecoinState.Redemption(state, m.RedemptionId);
        if (redemption is null) return new Rejection(StablecoinCodes.UnknownRedemption, $"no redemption has id {m.RedemptionId}");
        if (redemption.Issuer != context.Sender)
        {
            return new Rejection(StablecoinCodes.NotIssuer, $"redemption {m.RedemptionId} is owed by {redemption.Issuer}, not {context.Sender}");
        }

        if (redemption.Status == RedemptionStatus.Paid)
        {
            return new Rejection(StablecoinCodes.RedemptionAlreadyPaid,
                $"redemption {m.RedemptionId} was paid out at height {redemption.PaidHeight} ({redemption.BankReference})");
        }

        // A payout confirms only the redemption it was made for: the same amount to the same payout reference.
        var owed = new Amount(redemption.Amount);
        if (m.Amount != owed || m.PayoutReference != redemption.PayoutReference)
        {
            return new Rejection(StablecoinCodes.PayoutMismatch,
                $"redemption {m.RedemptionId} owes {owed} to '{redemption.PayoutReference}'; a payout of {m.Amount} to " +
                $"'{m.PayoutReference}' does not settle it");
        }

        StablecoinState.SetRedemption(state, redemption with
        {
            Status = RedemptionStatus.Paid,
            BankReference = m.BankReference,
            PaidHeight = context.Block.Height,
            PaidTime = context.Block.Time,
        });
        context.Emit(new RedemptionPaidOut(m.RedemptionId, context.Sender, redemption.Amount, m.BankReference));
        return null;
    }

    private static Rejection? Attest(TxContext context, AttestMessage m)
    {
        var state = context.State;
        var record = StablecoinState.Issuer(state, m.Issuer);
        if (record is null) return new Rejection(StablecoinCodes.UnknownIssuer, $"{m.Issuer} is not a WATT issuer");
        if (!ReserveAttestation.Verify(record.Attestor, context.Block.ChainId, m.Issuer, m.Reserves.Micro, m.AsOf, m.Signature))
        {
            return new Rejection(StablecoinCodes.BadAttestationSignature, $"the attestation is not signed by {m.Issuer}'s attestor {record.Attestor}");
        }

        if (m.AsOf > context.Block.Time)
        {
            return new Rejection(StablecoinCodes.AttestationInFuture, $"the attestation is as of {m.AsOf}, after the block time {context.Block.Time}");
        }

        if (m.AsOf <= record.ReservesAsOf)
        {
            return new Rejection(StablecoinCodes.AttestationStale,
                $"the attestation as of {m.AsOf} is not newer than the latest one, as of {record.ReservesAsOf}");
        }

        // A shortfall is recorded, not refused: refusing it would leave the older, higher attestation in force and let the
        // issuer mint against reserves it no longer has. With reserves below outstanding, every mint is refused until a newer
        // attestation covers what it owes; redemptions go on.
        var reserves = m.Reserves.Micro;
        StablecoinState.SetIssuer(state, m.Issuer, record with { Reserves = reserves, ReservesAsOf = m.AsOf, AttestedAtHeight = context.Block.Height });
        context.Emit(new ReservesAttested(m.Issuer, reserves, m.AsOf, record.Outstanding, record.Outstanding > reserves ? record.Outstanding - reserves : 0));
        return null;
    }

    /// <summary>Governance: approves <paramref name="issuer"/> with <paramref name="attestor"/> as the key that signs its
    /// reserve attestations; a removed issuer is reinstated with its history. A new issuer has no reserves until attested.</summary>
    public static Rejection? AddIssuer(IState state, Address issuer, Address attestor)
    {
        var record = StablecoinState.Issuer(state, issuer);
        if (record is { Active: true }) return new Rejection(StablecoinCodes.IssuerExists, $"{issuer} is already an active issuer");
        StablecoinState.SetIssuer(state, issuer, record is null
            ? new IssuerRecord(attestor, true, 0, 0, 0, 0, 0, 0)
            : record with { Active = true, Attestor = attestor });
        return null;
    }

    /// <summary>Governance: stops <paramref name="issuer"/> from minting. Its outstanding WATT stays redeemable, it still
    /// confirms payouts and may still attest, so holders are paid out as it winds down.</summary>
    public static Rejection? RemoveIssuer(IState state, Address issuer)
    {
        var record = StablecoinState.Issuer(state, issuer);
        if (record is not { Active: true }) return new Rejection(StablecoinCodes.IssuerNotActive, $"{issuer} is not an active issuer");
        StablecoinState.SetIssuer(state, issuer, record with { Active = false });
        return null;
    }

    /// <summary>True when <paramref name="account"/> is an approved issuer that may mint.</summary>
    public static bool IsActiveIssuer(IState state, Address account) => StablecoinState.Issuer(state, account) is { Active: true };
}
