using GridForge.Core.Merkle;
using static GridForge.Core.Tests.Support.TestData;

namespace GridForge.Core.Tests.Merkle;

public class SparseMerkleTreeTests
{
    // Keys with only a few bits set share long prefixes, so paths run deep and subtrees collapse into chains.
    private static readonly Gen<Hash32> GenClusteredKey = Gen.Int[0, 255].Array[0, 3].Select(KeyWithBits);

    private static readonly Gen<Hash32> GenKey = Gen.OneOf(AnyHash, GenClusteredKey);

    private static readonly Gen<Hash32> GenValue = Gen.Byte[0, 7].Select(b => Sha(b));

    private enum Op { Set, Remove, ReadRoot }

    private static readonly Gen<(Hash32[] Pool, (Op Kind, int Index, Hash32 Value)[] Ops)> GenScript =
        from pool in GenKey.Array[1, 24]
        from ops in Gen.Select(Gen.Int[0, 9], Gen.Int[0, pool.Length - 1], GenValue)
            .Select(t => (t.Item1 < 5 ? Op.Set : t.Item1 < 8 ? Op.Remove : Op.ReadRoot, t.Item2, t.Item3))
            .Array[0, 80]
        select (pool, ops);

    private static Hash32 LeafHash(Hash32 key, Hash32 value) => Sha([0x00, .. key.ToArray(), .. value.ToArray()]);

    private static Hash32 KeyWithBits(params int[] bits)
    {
        var bytes = new byte[Hash32.Size];
        foreach (var bit in bits) bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        return new Hash32(bytes);
    }

    private static Hash32 FlipBit(Hash32 key, int bit)
    {
        var bytes = key.ToArray();
        bytes[bit / 8] ^= (byte)(0x80 >> (bit % 8));
        return new Hash32(bytes);
    }

    private static Hash32 BuildRoot(Dictionary<Hash32, Hash32> map) =>
        SparseMerkleTree.Build(map.Select(kv => (kv.Key, kv.Value))).Root;

    private static (SparseMerkleTree Tree, Dictionary<Hash32, Hash32> Model) Run(Hash32[] pool, (Op Kind, int Index, Hash32 Value)[] ops)
    {
        var tree = new SparseMerkleTree();
        var model = new Dictionary<Hash32, Hash32>();
        foreach (var (kind, index, value) in ops)
        {
            var key = pool[index];
            switch (kind)
            {
                case Op.Set:
                    tree.Set(key, value);
                    model[key] = value;
                    break;
                case Op.Remove:
                    tree.Remove(key);
                    model.Remove(key);
                    break;
                default:
                    Assert.Equal(BuildRoot(model), tree.Root);
                    break;
            }

            Assert.Equal(model.Count, tree.Count);
        }

        return (tree, model);
    }

    [Fact]
    public void Smt_EmptyTree_HasTheZeroRoot()
    {
        Assert.Equal(Hash32.Zero, new SparseMerkleTree().Root);
        Assert.Equal(Hash32.Zero, SparseMerkleTree.Build([]).Root);
    }

    [Fact]
    public void Smt_SingleLeaf_RootIsThatLeafsHash()
    {
        Gen.Select(GenKey, GenValue).Sample((key, value) =>
        {
            var tree = new SparseMerkleTree();
            tree.Set(key, value);
            Assert.Equal(LeafHash(key, value), tree.Root);
            Assert.Equal(LeafHash(key, value), SparseMerkleTree.Build([(key, value)]).Root);
        });
    }

    [Fact]
    public void Smt_TwoLeaves_HashAsInDiemWithEmptySubtreesAsZero()
    {
        var v = Sha(1);
        var left = KeyWithBits();          // 0000…
        var right = KeyWithBits(0);        // 1000…
        var left2 = KeyWithBits(1);        // 0100…
        var right2 = KeyWithBits(0, 1);    // 1100…

        Assert.Equal(NodeHash(LeafHash(left, v), LeafHash(right, v)), SparseMerkleTree.Build([(left, v), (right, v)]).Root);
        Assert.Equal(NodeHash(NodeHash(LeafHash(left, v), LeafHash(left2, v)), Hash32.Zero),
            SparseMerkleTree.Build([(left2, v), (left, v)]).Root);
        Assert.Equal(NodeHash(Hash32.Zero, NodeHash(LeafHash(right, v), LeafHash(right2, v))),
            SparseMerkleTree.Build([(right, v), (right2, v)]).Root);
    }

    [Fact]
    public void Smt_KeysDifferingOnlyInTheLastBit_GiveA256DeepPathThatProves()
    {
        var a = KeyWithBits();
        var b = KeyWithBits(255);
        var tree = new SparseMerkleTree();
        tree.Set(a, Sha(1));
        tree.Set(b, Sha(2));

        var expected = NodeHash(LeafHash(a, Sha(1)), LeafHash(b, Sha(2)));
        for (var depth = 0; depth < 255; depth++) expected = NodeHash(expected, Hash32.Zero);
        Assert.Equal(expected, tree.Root);

        var proof = tree.Prove(b);
        Assert.Equal(256, proof.Siblings.Count);
        Assert.True(proof.Verify(tree.Root, b, Sha(2)));

        tree.Remove(a);
        Assert.Equal(LeafHash(b, Sha(2)), tree.Root);
    }

    [Fact]
    public void Smt_Root_IsIndependentOfInsertionOrderAndEqualsBuild()
    {
        Gen.Select(Gen.Select(GenKey, GenValue).Array[0, 40], Gen.Int).Sample((entries, shuffleSeed) =>
        {
            var map = new Dictionary<Hash32, Hash32>();
            foreach (var (key, value) in entries) map[key] = value;

            var inOrder = new SparseMerkleTree();
            foreach (var (key, value) in entries) inOrder.Set(key, value);

            var shuffled = new SparseMerkleTree();
            var pairs = map.ToArray();
            new Random(shuffleSeed).Shuffle(pairs);
            foreach (var (key, value) in pairs) shuffled.Set(key, value);

            var built = SparseMerkleTree.Build(pairs.Select(kv => (kv.Key, kv.Value)));
            Assert.Equal(built.Root, inOrder.Root);
            Assert.Equal(built.Root, shuffled.Root);
            Assert.Equal(map.Count, inOrder.Count);
            Assert.Equal(map.Count, built.Count);
        }, iter: 300);
    }

    [Fact]
    public void Smt_AfterRandomSetsUpdatesAndRemoves_RootEqualsAFreshBuild()
    {
        GenScript.Sample(script =>
        {
            var (tree, model) = Run(script.Pool, script.Ops);
            Assert.Equal(BuildRoot(model), tree.Root);
        }, iter: 400);
    }

    [Fact]
    public void Smt_RemovingEveryKey_ReturnsToTheZeroRoot()
    {
        GenKey.Array[0, 30].Sample(keys =>
        {
            var tree = new SparseMerkleTree();
            foreach (var key in keys) tree.Set(key, Sha(1));
            foreach (var key in Enumerable.Reverse(keys)) tree.Remove(key);
            Assert.Equal(Hash32.Zero, tree.Root);
            Assert.Equal(0, tree.Count);
        });
    }

    [Fact]
    public void Smt_EveryPresentKey_HasAnInclusionProofThatVerifiesOnlyForItsValueAndRoot()
    {
        GenScript.Sample(script =>
        {
            var (tree, model) = Run(script.Pool, script.Ops);
            var root = tree.Root;
            var otherRoot = FlipBit(root, 7);
            foreach (var (key, value) in model)
            {
                var proof = tree.Prove(key);
                Assert.True(proof.Verify(root, key, value));
                Assert.False(proof.Verify(root, key, FlipBit(value, 0)));
                Assert.False(proof.Verify(otherRoot, key, value));
                Assert.False(proof.Verify(root, key, null));
                if (proof.Siblings.Count > 0)
                {
                    var tampered = proof with { Siblings = [.. proof.Siblings.Select((s, i) => i == 0 ? FlipBit(s, 0) : s)] };
                    Assert.False(tampered.Verify(root, key, value));
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void Smt_EveryAbsentKey_HasAnExclusionProofThatNeverVerifiesAsInclusion()
    {
        Gen.Select(GenScript, GenKey.Array[0, 8], Gen.Int[0, 255]).Sample((script, extra, bit) =>
        {
            var (tree, model) = Run(script.Pool, script.Ops);
            var root = tree.Root;

            // Absent keys: unused pool keys, random keys, and neighbours of present keys (sharing a prefix).
            var candidates = script.Pool.Concat(extra).Concat(model.Keys.Select(k => FlipBit(k, bit)))
                .Concat(model.Keys.Select(k => FlipBit(k, 255)));
            foreach (var key in candidates.Where(k => !model.ContainsKey(k)))
            {
                var proof = tree.Prove(key);
                Assert.True(proof.Verify(root, key, null));
                Assert.False(proof.Verify(FlipBit(root, 3), key, null));
                Assert.False(proof.Verify(root, key, proof.LeafValueHash ?? Hash32.Zero));
                Assert.False(proof.Verify(root, key, Sha(1)));
                foreach (var value in model.Values) Assert.False(proof.Verify(root, key, value));
            }
        }, iter: 300);
    }

    [Fact]
    public void Smt_ProofForAPresentKey_CannotClaimItsAbsence()
    {
        GenScript.Sample(script =>
        {
            var (tree, model) = Run(script.Pool, script.Ops);
            foreach (var key in model.Keys)
            {
                var proof = tree.Prove(key);
                Assert.False(proof.Verify(tree.Root, key, null));
                Assert.False((proof with { LeafKey = null, LeafValueHash = null }).Verify(tree.Root, key, null));
            }
        }, iter: 100);
    }

    [Fact]
    public void Smt_ProofLongerThan256Siblings_IsRejected()
    {
        var key = KeyWithBits(3);
        var proof = new SmtProof([.. Enumerable.Repeat(Hash32.Zero, 257)], null, null);

        Assert.False(proof.Verify(Hash32.Zero, key, null));
    }

    [Fact]
    public void Smt_BuildWithADuplicateKey_IsAnArgumentError()
    {
        var key = KeyWithBits(9);

        Assert.Throws<ArgumentException>(() => SparseMerkleTree.Build([(key, Sha(1)), (key, Sha(2))]));
    }

    [Fact]
    public void Smt_SettingTheSameValueAgain_LeavesTheRootAndCountUnchanged()
    {
        var tree = new SparseMerkleTree();
        tree.Set(KeyWithBits(1), Sha(1));
        tree.Set(KeyWithBits(2), Sha(2));
        var root = tree.Root;

        tree.Set(KeyWithBits(2), Sha(2));
        tree.Remove(KeyWithBits(3));

        Assert.Equal(root, tree.Root);
        Assert.Equal(2, tree.Count);
    }
}
