using GridForge.Matching.Tests.Model;

namespace GridForge.Matching.Tests;

/// <summary>The contract suite against the matching engine.</summary>
public sealed class EngineMatchingTests : MatchingContract
{
    protected override IMatchingModel Create(GridSpec grid) => new EngineModel(grid);
}
