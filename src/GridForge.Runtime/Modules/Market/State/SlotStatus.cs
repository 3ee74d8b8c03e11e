namespace GridForge.Runtime.Modules.Market;

/// <summary>Whether a slot's book takes orders.</summary>
public enum SlotStatus : byte
{
    Open = 1,
    Closed = 2,
}
