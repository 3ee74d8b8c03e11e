using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Runtime.Tests.Modules.Metering;

/// <summary>One meter's successive readings with registers that add up, as a well-behaved device would send them.</summary>
public sealed class MeterSeries(MeterKey meter, string chainId = "gridforge-dev")
{
    public long ImportRegister { get; private set; }

    public long ExportRegister { get; private set; }

    public MeterKey Meter { get; } = meter;

    public MeterReading Next(SlotId slot, long imported, long exported)
    {
        ImportRegister += imported;
        ExportRegister += exported;
        return Meter.Read(slot, imported, exported, ImportRegister, ExportRegister, chainId);
    }
}
