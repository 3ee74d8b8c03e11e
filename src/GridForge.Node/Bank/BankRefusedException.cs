namespace GridForge.Node.Bank;

/// <summary>The bank refused an operation (for example reserves too low for a payout), with a stable code.</summary>
public sealed class BankRefusedException(string code, string message) : Exception(message)
{
    public const string InsufficientReserves = "insufficient_reserves";
    public const string Conflict = "conflict";
    public const string UnknownDeposit = "unknown_deposit";
    public const string InvalidRequest = "invalid_request";

    public string Code { get; } = code;
}
