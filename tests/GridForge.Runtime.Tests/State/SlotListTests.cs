using CsCheck;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Tests.State;

/// <summary>The lists of slots and ids kept as one value (open books, pending settlements, live contracts, a rule's orders of a day).</summary>
public sealed class SlotListTests
{
    [Fact]
    public void AddingAnEntry_GivesTheListInAscendingOrder_WithTheEntryOnce()
    {
        // Lists as stored (ascending) and, to be sure nothing depends on it, in any order.
        var ascending = Gen.Long[-5, 30].Array[0, 12].Select(a => a.Distinct().Order().ToArray());
        Gen.Select(Gen.OneOf(ascending, Gen.Long[-5, 30].Array[0, 12]), Gen.Long[-5, 31]).Sample((list, entry) =>
        {
            IReadOnlyList<long> expected = list.Contains(entry) ? list : [.. list.Append(entry).Order()];
            Assert.Equal(expected, SlotList.With(list, entry));
        }, iter: 2000);
    }
}
