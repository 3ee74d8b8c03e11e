namespace GridForge.Tests.TestKit;

/// <summary>Entry point of the test-data builders, read as a sentence:
/// <c>Build.A.Transfer.From(alice).To(bob).Amount(5).WithNonce(3).SignedBy(alice)</c>.</summary>
public static class Build
{
    public static BuilderFactory A { get; } = new();
}

/// <summary>Hands out fresh builders.</summary>
public sealed class BuilderFactory
{
    public TransactionBuilder Transfer => new();

    public GenesisBuilder Genesis => new();
}
