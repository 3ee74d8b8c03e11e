namespace GridForge.Matching;

/// <summary>An order as submitted to the engine.</summary>
/// <param name="Id">Unique order identifier within the slot.</param>
/// <param name="Account">Owning account (self-trade prevention key).</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Kind">Order type and time in force.</param>
/// <param name="Zone">Grid zone the energy is delivered to (buy) or from (sell).</param>
/// <param name="Price">Limit price in µWATT per kWh (may be zero or negative); for a market order, its protection price.</param>
/// <param name="Quantity">Energy in Wh, positive.</param>
public readonly record struct OrderRequest(
    OrderId Id,
    AccountId Account,
    Side Side,
    OrderKind Kind,
    ZoneIndex Zone,
    long Price,
    long Quantity);
