using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Modules.Disputes;

/// <summary>The disputes module's read door: what the API, the dashboard and the CLI may read of disputes' state (disputes, an
/// account's disputes, who arbitrates), as typed values. Never called by consensus code; nothing outside the module knows its key
/// layout.</summary>
public static class DisputesQueries
{
    /// <summary>One dispute, or null when no dispute has that id.</summary>
    public static Dispute? Dispute(IState state, ulong id) => DisputesStore.Get(state, id);

    /// <summary>Every dispute, oldest first.</summary>
    public static IReadOnlyList<Dispute> All(IState state)
    {
        var list = new List<Dispute>();
        for (ulong id = 1; id < DisputesStore.NextId(state); id++) list.Add(DisputesStore.Get(state, id)!);
        return list;
    }

    /// <summary>The disputes an account opened or answers, oldest first.</summary>
    public static IReadOnlyList<Dispute> DisputesOf(IScannableState state, Address account) =>
        KeyTail.Ids(state, DisputesStore.AccountScanPrefix(account)).Select(id => DisputesStore.Get(state, id)!).ToList();

    /// <summary>The council governance has set, or null when the DSO arbitrates.</summary>
    public static DisputeCouncil? Council(IState state) => DisputesStore.Council(state);

    /// <summary>Who rules on disputes: the council, else the DSO alone (threshold 1), else nobody.</summary>
    public static DisputeCouncil Arbitrators(IState state) => DisputesStore.Council(state) ?? DisputesModule.DsoAlone(GridQueries.Dso(state));
}
