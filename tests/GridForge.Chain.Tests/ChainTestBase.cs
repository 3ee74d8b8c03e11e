using GridForge.Chain.Tests.Harness;
using GridForge.Core.Crypto;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests;

/// <summary>A dev node in a temp directory, disposed (and its directory deleted) after each test.</summary>
public abstract class ChainTestBase : IDisposable
{
    protected static SigningKey Alice => TestKeys.Alice;
    protected static SigningKey Bob => TestKeys.Bob;
    protected static SigningKey Charlie => TestKeys.Charlie;

    private TestNode? _chain;

    /// <summary>A dev genesis with alice, bob, charlie, dso and the validator funded, to vary before starting a node.</summary>
    protected static GenesisBuilder ADevGenesis =>
        Build.A.Genesis.Funding(Alice, Bob, Charlie, TestKeys.Dso, TestKeys.Validator);

    private readonly Lock _gate = new();

    /// <summary>The node under test, started on the dev genesis unless the test started another
    /// (once, even when a test's threads ask for it together).</summary>
    protected TestNode Chain
    {
        get
        {
            lock (_gate) return _chain ??= TestNode.Start();
        }

        set
        {
            lock (_gate)
            {
                _chain?.Dispose();
                _chain = value;
            }
        }
    }

    public void Dispose()
    {
        _chain?.Dispose();
        GC.SuppressFinalize(this);
    }
}
