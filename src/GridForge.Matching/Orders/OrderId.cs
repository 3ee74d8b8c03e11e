namespace GridForge.Matching;

/// <summary>The identifier of an order, unique within one slot's book.</summary>
/// <param name="Value">The raw identifier chosen by the caller.</param>
public readonly record struct OrderId(long Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
