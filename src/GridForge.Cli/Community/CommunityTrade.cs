namespace GridForge.Cli.Community;

/// <summary>The part of the API's trade (<c>GET /api/v1/market/slots/{slot}/trades</c>) the community's report reads.</summary>
internal sealed record CommunityTrade(long Quantity, long Fee, CommunitySettlement? Settlement);

/// <summary>How a trade settled: Wh delivered and µWATT paid by the buyer and received by the DSO.</summary>
internal sealed record CommunitySettlement(long Delivered, long BuyerPaid, ulong DsoReceived);
