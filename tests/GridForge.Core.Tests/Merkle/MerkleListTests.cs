using GridForge.Core.Merkle;
using static GridForge.Core.Tests.Support.TestData;

namespace GridForge.Core.Tests.Merkle;

public class MerkleListTests
{
    private static Hash32 Leaf(Hash32 item) => Sha([0x00, .. item.ToArray()]);

    private static Hash32 Node(Hash32 left, Hash32 right) => NodeHash(left, right);

    private static Hash32 Item(byte b) => Sha([b]);

    [Fact]
    public void MerkleList_EmptyList_RootIsTheHashOfNothing() =>
        Assert.Equal(Sha([]), MerkleList.Root([]));

    [Fact]
    public void MerkleList_SingleItem_RootIsItsTaggedLeafHash()
    {
        AnyHash.Sample(item => Assert.Equal(Leaf(item), MerkleList.Root([item])));
    }

    [Fact]
    public void MerkleList_Pairs_HashLevelByLevelPromotingAnOddLastNode()
    {
        Hash32 a = Item(1), b = Item(2), c = Item(3), d = Item(4), e = Item(5);

        Assert.Equal(Node(Leaf(a), Leaf(b)), MerkleList.Root([a, b]));
        Assert.Equal(Node(Node(Leaf(a), Leaf(b)), Leaf(c)), MerkleList.Root([a, b, c]));
        Assert.Equal(Node(Node(Leaf(a), Leaf(b)), Node(Leaf(c), Leaf(d))), MerkleList.Root([a, b, c, d]));
        Assert.Equal(Node(Node(Node(Leaf(a), Leaf(b)), Node(Leaf(c), Leaf(d))), Leaf(e)), MerkleList.Root([a, b, c, d, e]));
    }

    [Fact]
    public void MerkleList_SwappingTwoDifferentItems_ChangesTheRoot()
    {
        Gen.Select(AnyHash.Array[2, 40], Gen.Int, Gen.Int).Sample((items, x, y) =>
        {
            var i = (x & int.MaxValue) % items.Length;
            var j = (y & int.MaxValue) % items.Length;
            if (items[i] == items[j]) return;
            var swapped = items.ToArray();
            (swapped[i], swapped[j]) = (swapped[j], swapped[i]);
            Assert.NotEqual(MerkleList.Root(items), MerkleList.Root(swapped));
        });
    }

    [Fact]
    public void MerkleList_ListsOfDifferentLengths_HaveDifferentRoots()
    {
        AnyHash.Array[0, 33].Sample(items =>
        {
            var roots = Enumerable.Range(0, items.Length + 1).Select(n => MerkleList.Root(items[..n])).ToArray();
            Assert.Equal(roots.Length, roots.Distinct().Count());
            // Duplicating the last item (Bitcoin's CVE-2012-2459 shape) must not give the same root.
            if (items.Length > 0) Assert.NotEqual(MerkleList.Root(items), MerkleList.Root([.. items, items[^1]]));
        });
    }

    [Fact]
    public void MerkleList_RepeatedItem_DiffersFromTheSingleItem()
    {
        var a = Item(7);

        Assert.NotEqual(MerkleList.Root([a]), MerkleList.Root([a, a]));
        Assert.NotEqual(MerkleList.Root([a, a]), MerkleList.Root([a, a, a]));
        Assert.NotEqual(MerkleList.Root([a, a, a]), MerkleList.Root([a, a, a, a]));
    }
}
