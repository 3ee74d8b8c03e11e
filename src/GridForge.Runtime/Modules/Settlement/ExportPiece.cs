using GridForge.Runtime.Modules.Metering;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>Wh of one trade's delivered energy that came from one meter.</summary>
internal readonly record struct ExportPiece(MeterRecord Meter, long Wh);
