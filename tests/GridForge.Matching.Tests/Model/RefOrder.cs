namespace GridForge.Matching.Tests.Model;

/// <summary>A mutable order of the reference book.</summary>
public sealed class RefOrder
{
    public long Id { get; set; }

    public long Account { get; set; }

    public Side Side { get; set; }

    public int Zone { get; set; }

    public long Price { get; set; }

    public long Remaining { get; set; }

    public long Filled { get; set; }

    public long Arrival { get; set; }

    public bool Market { get; set; }

    public RefOrder Copy() => (RefOrder)MemberwiseClone();

    public RestingOrder ToResting() =>
        new(new OrderId(Id), new AccountId(Account), Side, new ZoneIndex(Zone), Price, Remaining, Filled, Arrival);
}
