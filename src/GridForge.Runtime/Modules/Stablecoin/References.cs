namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>Deposit, payout and bank references: 1 to 64 printable ASCII characters, no spaces, so that
/// a reference means the same thing in every bank system and log it passes through.</summary>
public static class References
{
    public const int MaxBytes = 64;

    public static bool IsValid(string? reference) =>
        reference is { Length: > 0 and <= MaxBytes } && reference.All(c => c is > ' ' and <= '~');

    /// <summary>A rejection naming <paramref name="what"/> when the reference is not valid, else null.</summary>
    public static Rejection? Check(string reference, string what) => IsValid(reference)
        ? null
        : new Rejection(StablecoinCodes.InvalidReference, $"the {what} must be 1 to {MaxBytes} printable ASCII characters without spaces");
}
