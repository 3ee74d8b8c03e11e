namespace GridForge.Matching;

/// <summary>A resting order as shown by book queries.</summary>
/// <param name="Id">Order id.</param>
/// <param name="Account">Owning account.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Zone">Zone.</param>
/// <param name="Price">Price in µWATT per kWh.</param>
/// <param name="Remaining">Remaining Wh.</param>
/// <param name="Filled">Wh already filled.</param>
/// <param name="Arrival">Arrival sequence number (time priority; larger is later).</param>
public readonly record struct RestingOrder(
    OrderId Id, AccountId Account, Side Side, ZoneIndex Zone, long Price, long Remaining, long Filled, long Arrival);
