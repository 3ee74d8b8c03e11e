using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Tests.Modules.Grid;
using static GridForge.Runtime.Tests.Modules.Market.MarketChain;

namespace GridForge.Runtime.Tests.Modules.Contracts;

/// <summary>Helpers for contract tests over the market test chain: terms with sensible defaults, creation that returns the
/// contract's id, and the slot times contracts act at (run time = gate closure − 600 s = start − 900 s).</summary>
public static class ContractChain
{
    public static ResidentialTerms Residential(string zone = "Z1", long reserve = 0, long floor = 50_000, long buyLimit = 5_000, long ceiling = 120_000,
        ulong budget = 0, bool greenOnly = false, IReadOnlyList<Address>? preferred = null, IReadOnlyList<string>? preferredZones = null) =>
        new(new ZoneId(zone), new Wh(reserve), new PricePerKwh(floor), new Wh(buyLimit), new PricePerKwh(ceiling), budget, greenOnly, preferred ?? [],
            [.. (preferredZones ?? []).Select(z => new ZoneId(z))]);

    public static long RunTime(SlotId slot) => Start(slot) - 900;

    /// <summary>Creates a contract that must be accepted by the chain; returns its id.</summary>
    public static ulong Create(this GridTestChain chain, SigningKey creator, ContractTerms terms, SlotId start, SlotId end, Address? counterparty = null,
        uint notice = 0, ulong fee = 0)
    {
        var events = chain.Ok(creator, new CreateContractMessage(terms.Template, counterparty ?? Address.None, start, end, notice, new Amount(fee), terms));
        return events.Decoded<ContractCreated>().First().Contract;
    }

    public static ContractRecord Contract(this GridTestChain chain, ulong id) => ContractStore.Contract(chain.State, id)!;

    /// <summary>The orders a contract placed, in id order.</summary>
    public static IReadOnlyList<MarketOrder> ContractOrders(this GridTestChain chain, Address owner, ulong contract) =>
        [.. MarketQueries.OrdersOf(chain.State, owner).Where(o => o.Contract == contract)];
}
