namespace GridForge.Matching.Tests.Model;

/// <summary>A link between zone indexes with one base fee and a capacity per direction.</summary>
public sealed record LinkSpec(int From, int To, long Fee, long CapacityForward, long CapacityBackward)
{
    public override string ToString() => $"{From}<->{To} fee {Fee} cap {CapacityForward}/{CapacityBackward}";
}
