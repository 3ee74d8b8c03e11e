using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;

namespace GridForge.Runtime.Execution;

/// <summary>Typed events back from their stored form: for readers that have only what a block stored (a transaction's status, an
/// archive, the API's JSON read back). Each module reads its own kinds (<c>XxxEvents.Read</c>).</summary>
public static class ModuleEvents
{
    /// <summary>The record <paramref name="e"/> was encoded from: the one it carries when emitted in this process, else read back from
    /// its attributes; null for a kind no module emits or attributes that are not that kind's.</summary>
    public static IModuleEvent? Decode(this Event e)
    {
        if (e.Typed is { } typed) return typed;
        var r = new EventReader(e);
        try
        {
            return e.Module switch
            {
                MarketModule.ModuleName => MarketEvents.Read(e.Kind, r),
                SettlementModule.ModuleName => SettlementEvents.Read(e.Kind, r),
                MeteringModule.ModuleName => MeteringEvents.Read(e.Kind, r),
                ContractsModule.ModuleName => ContractsEvents.Read(e.Kind, r),
                StakingModule.ModuleName => StakingEvents.Read(e.Kind, r),
                GovernanceModule.ModuleName => GovernanceEvents.Read(e.Kind, r),
                DisputesModule.ModuleName => DisputesEvents.Read(e.Kind, r),
                GridModule.ModuleName => GridEvents.Read(e.Kind, r),
                StablecoinModule.ModuleName => StablecoinEvents.Read(e.Kind, r),
                TokensModule.ModuleName => TokensEvents.Read(e.Kind, r),
                RuntimeEvents.Module => RuntimeEvents.Read(e.Kind, r),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The events of type <typeparamref name="T"/> among <paramref name="events"/>, in order.</summary>
    public static IEnumerable<T> Decoded<T>(this IEnumerable<Event> events) where T : class, IModuleEvent
    {
        foreach (var e in events)
        {
            if (e.Decode() is T t) yield return t;
        }
    }
}
