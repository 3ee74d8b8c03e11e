using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;

namespace GridForge.Runtime.Modules.Settlement;

/// <summary>Granular certificates (in the manner of EnergyTag): issued per delivered Wh from solar and wind meters to the
/// buyer, transferable in parts, and retired (claimed) for good.</summary>
internal static class Certificates
{
    /// <summary>Issues one certificate per solar or wind piece of a trade's delivery; returns the Wh certified.</summary>
    public static long Issue(TxContext context, MarketTrade trade, IReadOnlyList<ExportPiece> pieces)
    {
        long certified = 0;
        foreach (var p in pieces)
        {
            if (p.Meter.Technology is not (MeterTechnology.Solar or MeterTechnology.Wind)) continue;
            var id = SettlementStore.NextCertificateId(context.State);
            var c = new Certificate(id, trade.Slot, p.Meter.Zone, p.Meter.Technology, p.Meter.Id, trade.Buyer, p.Wh, 0, trade.Seq, 0);
            SettlementStore.SetCertificate(context.State, c);
            certified += p.Wh;
            context.Emit(new CertificateIssued(id, c.Owner, c.Slot, c.Zone, c.Technology, c.Meter, c.Wh, trade.Seq));
        }

        if (certified > 0) SettlementStore.AddTotals(context.State, certified, 0);
        return certified;
    }

    public static Rejection? Transfer(TxContext context, TransferCertificateMessage m)
    {
        var state = context.State;
        if (Owned(state, m.Certificate, context.Sender, m.Wh, out var c) is { } refused) return refused;
        // Certificates and their events keep Wh as long (their encodings are part of the recorded chain).
        var wh = m.Wh.Value;
        Certificate moved;
        if (wh == c.Wh && c.Retired == 0)
        {
            moved = c with { Owner = m.To };
            SettlementStore.SetCertificate(state, moved, c.Owner);
        }
        else
        {
            SettlementStore.SetCertificate(state, c with { Wh = c.Wh - wh });
            moved = c with { Id = SettlementStore.NextCertificateId(state), Owner = m.To, Wh = wh, Retired = 0, Origin = c.Id };
            SettlementStore.SetCertificate(state, moved);
        }

        context.Emit(new CertificateTransferred(c.Id, c.Owner, m.To, wh, moved.Id));
        return null;
    }

    public static Rejection? Retire(TxContext context, RetireCertificateMessage m)
    {
        var state = context.State;
        if (Owned(state, m.Certificate, context.Sender, m.Wh, out var c) is { } refused) return refused;
        var wh = m.Wh.Value;
        SettlementStore.SetCertificate(state, c with { Wh = c.Wh - wh, Retired = c.Retired + wh });
        SettlementStore.AddTotals(state, 0, wh);
        context.Emit(new CertificateRetired(c.Id, c.Owner, wh, c.Slot, c.Technology));
        return null;
    }

    private static Rejection? Owned(Runtime.State.IState state, ulong id, Address sender, Wh wh, out Certificate certificate)
    {
        var found = SettlementStore.Certificate(state, id);
        certificate = found!;
        if (found is null) return new Rejection(SettlementCodes.UnknownCertificate, $"no certificate {id} exists");
        if (found.Owner != sender) return new Rejection(SettlementCodes.NotOwner, $"certificate {id} belongs to {found.Owner}");
        return wh < new Wh(1) || wh > new Wh(found.Wh)
            ? new Rejection(SettlementCodes.QuantityOutOfBounds, $"certificate {id} has {found.Wh} Wh unretired; {wh.Value} Wh is not 1 to that")
            : null;
    }
}
