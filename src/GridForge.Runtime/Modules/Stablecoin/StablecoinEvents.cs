using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Stablecoin;

/// <summary>Kinds of the stablecoin module's events; each has its record below.</summary>
public static class StablecoinEvents
{
    public const string Minted = "mint";
    public const string Redeemed = "redeem";
    public const string PaidOut = "payout";
    public const string Attested = "attest";

    /// <summary>Reads a stored stablecoin event back into its record (null for a kind this module does not emit).</summary>
    internal static IModuleEvent? Read(string kind, EventReader r) => kind switch
    {
        Minted => WattMinted.Read(r),
        Redeemed => WattRedeemed.Read(r),
        PaidOut => RedemptionPaidOut.Read(r),
        Attested => ReservesAttested.Read(r),
        _ => null,
    };
}

/// <summary>An issuer minted WATT against a fiat deposit (kind <c>mint</c>).</summary>
public sealed record WattMinted(Address Issuer, Address To, ulong Amount, string DepositRef) : IModuleEvent
{
    string IModuleEvent.Module => StablecoinModule.ModuleName;
    string IModuleEvent.Kind => StablecoinEvents.Minted;

    public void Write(EventWriter a) => a.Add("issuer", Issuer).Add("to", To).Add("amount", Amount).Add("deposit_ref", DepositRef);

    internal static WattMinted Read(EventReader r) => new(r.Address("issuer"), r.Address("to"), r.U64("amount"), r.Text("deposit_ref"));
}

/// <summary>A holder burned WATT for a fiat payout by an issuer (kind <c>redeem</c>).</summary>
public sealed record WattRedeemed(ulong Id, Address Holder, Address Issuer, ulong Amount, string PayoutRef) : IModuleEvent
{
    string IModuleEvent.Module => StablecoinModule.ModuleName;
    string IModuleEvent.Kind => StablecoinEvents.Redeemed;

    public void Write(EventWriter a) => a.Add("id", Id).Add("holder", Holder).Add("issuer", Issuer).Add("amount", Amount).Add("payout_ref", PayoutRef);

    internal static WattRedeemed Read(EventReader r) => new(r.U64("id"), r.Address("holder"), r.Address("issuer"), r.U64("amount"), r.Text("payout_ref"));
}

/// <summary>An issuer confirmed it paid a redemption out (kind <c>payout</c>).</summary>
public sealed record RedemptionPaidOut(ulong Id, Address Issuer, ulong Amount, string BankRef) : IModuleEvent
{
    string IModuleEvent.Module => StablecoinModule.ModuleName;
    string IModuleEvent.Kind => StablecoinEvents.PaidOut;

    public void Write(EventWriter a) => a.Add("id", Id).Add("issuer", Issuer).Add("amount", Amount).Add("bank_ref", BankRef);

    internal static RedemptionPaidOut Read(EventReader r) => new(r.U64("id"), r.Address("issuer"), r.U64("amount"), r.Text("bank_ref"));
}

/// <summary>An issuer's reserves were attested (kind <c>attest</c>): the shortfall is what is outstanding beyond them.</summary>
public sealed record ReservesAttested(Address Issuer, ulong Reserves, long AsOf, ulong Outstanding, ulong Shortfall) : IModuleEvent
{
    string IModuleEvent.Module => StablecoinModule.ModuleName;
    string IModuleEvent.Kind => StablecoinEvents.Attested;

    public void Write(EventWriter a) => a.Add("issuer", Issuer).Add("reserves", Reserves).Add("as_of", AsOf).Add("outstanding", Outstanding)
        .Add("shortfall", Shortfall);

    internal static ReservesAttested Read(EventReader r) => new(r.Address("issuer"), r.U64("reserves"), r.I64("as_of"), r.U64("outstanding"),
        r.U64("shortfall"));
}
