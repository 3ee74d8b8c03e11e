namespace GridForge.Matching;

/// <summary>One direction of a link between two zones, with its current net flow, room and fee.</summary>
/// <param name="From">Zone the energy leaves (the seller's zone).</param>
/// <param name="To">Zone the energy enters (the buyer's zone).</param>
/// <param name="BaseFee">Base fee in µWATT per kWh.</param>
/// <param name="Capacity">Capacity in Wh for the slot in this direction.</param>
/// <param name="Flow">Net flow in Wh in this direction (negative when the counter-flow dominates).</param>
/// <param name="Room">Wh that can still flow this way: capacity minus flow.</param>
/// <param name="Fee">The fee per kWh the next trade along this direction would pay.</param>
public readonly record struct LinkState(ZoneIndex From, ZoneIndex To, long BaseFee, long Capacity, long Flow, long Room, long Fee);
