namespace GridForge.Runtime;

/// <summary>The stable rejection codes of the runtime's own checks; modules add their own.</summary>
public static class RejectionCodes
{
    public const string Malformed = "malformed";
    public const string UnsupportedVersion = "unsupported_version";
    public const string WrongChain = "wrong_chain";
    public const string Oversized = "oversized";
    public const string BadSignature = "bad_signature";
    public const string NonceReplayed = "nonce_replayed";
    public const string NonceFuture = "nonce_future";
    public const string Expired = "expired";
    public const string FeeTooLow = "fee_too_low";
    public const string InsufficientFee = "insufficient_fee";
    public const string UnknownMessage = "unknown_message";
    public const string InsufficientFunds = "insufficient_funds";
    public const string Overflow = "arithmetic_overflow";

    /// <summary>A handler or an end-of-block item threw: a bug or a corrupt state, refused instead of stopping the chain.</summary>
    public const string InternalError = "internal_error";

    public const string InvalidAmount = "invalid_amount";
    public const string DevKeyForbidden = "dev_key_forbidden";
    public const string Unauthorized = "unauthorized";
    public const string Duplicate = "duplicate";
    public const string MempoolFull = "mempool_full";
}
