namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>The stable rejection codes of the Stablecoin module (documented in docs/stablecoin.md).</summary>
public static class StablecoinCodes
{
    /// <summary>The sender is not an approved, active issuer (or not the issuer of the redemption it settles).</summary>
    public const string NotIssuer = "not_issuer";

    /// <summary>The mint would take the issuer's outstanding WATT above its latest reserve attestation.</summary>
    public const string MintExceedsReserves = "mint_exceeds_reserves";

    /// <summary>The issuer already minted against this deposit reference.</summary>
    public const string DepositReused = "deposit_reused";

    /// <summary>The holder redeems more WATT than it holds free.</summary>
    public const string RedeemExceedsBalance = "redeem_exceeds_balance";

    /// <summary>The chosen issuer has less WATT outstanding than the redemption asks it to pay out.</summary>
    public const string RedeemExceedsOutstanding = "redeem_exceeds_outstanding";

    /// <summary>No issuer (active or removed) has this address.</summary>
    public const string UnknownIssuer = "unknown_issuer";

    /// <summary>A deposit, payout or bank reference is empty, too long, or not printable ASCII.</summary>
    public const string InvalidReference = "invalid_reference";

    /// <summary>The attestation's signature is not the issuer's registered attestor's.</summary>
    public const string BadAttestationSignature = "bad_attestation_signature";

    /// <summary>The attestation is not newer than the issuer's latest one.</summary>
    public const string AttestationStale = "attestation_stale";

    /// <summary>The attestation is dated after the block that would record it.</summary>
    public const string AttestationInFuture = "attestation_in_future";

    /// <summary>No redemption has this id.</summary>
    public const string UnknownRedemption = "unknown_redemption";

    /// <summary>The redemption was already marked paid out.</summary>
    public const string RedemptionAlreadyPaid = "redemption_already_paid";

    /// <summary>A payout confirmation names an amount or payout reference other than the redemption's.</summary>
    public const string PayoutMismatch = "payout_mismatch";

    /// <summary>Governance tried to add an issuer that is already active.</summary>
    public const string IssuerExists = "issuer_exists";

    /// <summary>Governance tried to remove an issuer that is not active.</summary>
    public const string IssuerNotActive = "issuer_not_active";
}
