namespace GridForge.Node.Bank;

/// <summary>What one pass of the issuer bridge did: deposits minted (or found already minted), redemptions paid
/// out and confirmed, and what it had to leave for a later pass, with the reason.</summary>
public sealed record BridgeReport(int Minted, int MintsRecovered, int PaidOut, int PayoutsRecovered, IReadOnlyList<string> Deferred)
{
    public override string ToString() =>
        $"minted {Minted} (recovered {MintsRecovered}), paid out {PaidOut} (recovered {PayoutsRecovered}), deferred {Deferred.Count}";
}
