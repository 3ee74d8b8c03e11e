namespace GridForge.Matching;

/// <summary>The account that owns an order; two orders of one account never trade with each other.</summary>
/// <param name="Value">The raw account number chosen by the caller.</param>
public readonly record struct AccountId(long Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
