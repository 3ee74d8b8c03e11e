using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Cli.Community;

/// <summary>A meter device as the simulators play it: its own key and its cumulative registers, which each signed
/// reading moves on by exactly the slot's energy (the metering rule <c>registers_mismatch</c>). Used by the demo and the
/// dev community.</summary>
internal sealed class SimulatedMeter(MeterKey key, long importRegister = 0, long exportRegister = 0)
{
    public MeterKey Key { get; } = key;

    public MeterId Id => Key.Id;

    public long ImportRegister { get; private set; } = importRegister;

    public long ExportRegister { get; private set; } = exportRegister;

    /// <summary>Signs the reading of <paramref name="slot"/> for <paramref name="chainId"/> and moves the registers on.</summary>
    public MeterReading Read(string chainId, SlotId slot, long importedWh, long exportedWh)
    {
        ImportRegister = checked(ImportRegister + importedWh);
        ExportRegister = checked(ExportRegister + exportedWh);
        return Key.Sign(chainId, slot, new Wh(importedWh), new Wh(exportedWh), new Wh(ImportRegister), new Wh(ExportRegister));
    }

    /// <summary>Puts the registers back where the chain says they stand (after a restart, or a reading it refused).</summary>
    public void Resync(long importRegister, long exportRegister)
    {
        ImportRegister = importRegister;
        ExportRegister = exportRegister;
    }
}
