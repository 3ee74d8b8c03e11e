using GridForge.Matching.Tests.Model;

namespace GridForge.Matching.Tests;

/// <summary>The contract suite against the naive reference book, so that the reference itself is held to every rule.</summary>
public sealed class ReferenceMatchingTests : MatchingContract
{
    protected override IMatchingModel Create(GridSpec grid) => new ReferenceBook(grid);
}
