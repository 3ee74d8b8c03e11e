using CsCheck;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Tests.TestKit;

namespace GridForge.Chain.Tests.Proofs;

/// <summary>DESIGN §5: a light client checks a balance against a block's state root without trusting the
/// node: the proof verifies for the true value (or the true absence) and for nothing else.</summary>
public sealed class StateProofTests : ChainTestBase
{
    private static Hash32 ValueHash(byte[] value) => Hashing.Sha256(value);

    private static Hash32 KeyHash(Address account, Token token) => Hashing.Sha256(TokensQueries.BalanceProofKey(account, token).Span);

    private void ProduceSomeTransfers()
    {
        Chain.Submit(Build.A.Transfer.From(Alice).To(Bob).Amount(12_345).Signed());
        Chain.Submit(Build.A.Transfer.From(Charlie).To(TestKeys.Outsider("erin")).Amount(9).Of(Token.Grid).Signed());
        Chain.Produce();
    }

    [Theory]
    [InlineData(Token.Watt)]
    [InlineData(Token.Grid)]
    public void ProofOfAFundedAccount_VerifiesAgainstTheHeadStateRoot(Token token)
    {
        ProduceSomeTransfers();

        var (value, proof, root, height) = Chain.Node.Prove(TokensQueries.BalanceProofKey(Bob.Address, token));

        Assert.Equal((Chain.Node.Head!.StateRoot, 1UL), (root, height));
        Assert.Equal(TokensModule.GetBalance(Chain.Node.State, Bob.Address, token), Balance.Decode(value));
        Assert.True(proof.Verify(Chain.Node.Head.StateRoot, KeyHash(Bob.Address, token), ValueHash(value!)));
    }

    [Fact]
    public void ProofOfAnAbsentAccount_VerifiesItsAbsence()
    {
        ProduceSomeTransfers();
        var nobody = TestKeys.Outsider("nobody").Address;

        var (value, proof, root, _) = Chain.Node.Prove(TokensQueries.BalanceProofKey(nobody, Token.Watt));

        Assert.Null(value);
        Assert.True(proof.Verify(root, KeyHash(nobody, Token.Watt), null));
    }

    [Fact]
    public void ProofOfAnAccountThatOnlyJustReceived_VerifiesAgainstTheNewRootOnly()
    {
        var erin = TestKeys.Outsider("erin").Address;
        var before = Chain.Node.Prove(TokensQueries.BalanceProofKey(erin, Token.Grid));

        ProduceSomeTransfers();
        var after = Chain.Node.Prove(TokensQueries.BalanceProofKey(erin, Token.Grid));

        Assert.Equal(new Balance(9, 0), Balance.Decode(after.Value));
        Assert.True(after.Proof.Verify(after.Root, KeyHash(erin, Token.Grid), ValueHash(after.Value!)));
        Assert.False(after.Proof.Verify(before.Root, KeyHash(erin, Token.Grid), ValueHash(after.Value!)));
        Assert.False(before.Proof.Verify(after.Root, KeyHash(erin, Token.Grid), null));
    }

    [Fact]
    public void ProofWithAWrongValue_FailsToVerify()
    {
        ProduceSomeTransfers();
        var (value, proof, root, _) = Chain.Node.Prove(TokensQueries.BalanceProofKey(Bob.Address, Token.Watt));
        var balance = Balance.Decode(value);

        Assert.False(proof.Verify(root, KeyHash(Bob.Address, Token.Watt), ValueHash((balance with { Free = balance.Free + 1 }).Encode())));
        Assert.False(proof.Verify(root, KeyHash(Bob.Address, Token.Watt), null));
        Assert.False(proof.Verify(root, KeyHash(Alice.Address, Token.Watt), ValueHash(value!)));
    }

    [Fact]
    public void ProofOfAbsence_CannotBePassedOffAsAValue()
    {
        var nobody = TestKeys.Outsider("nobody").Address;
        var (_, proof, root, _) = Chain.Node.Prove(TokensQueries.BalanceProofKey(nobody, Token.Watt));

        Assert.False(proof.Verify(root, KeyHash(nobody, Token.Watt), ValueHash(new Balance(1, 0).Encode())));
    }

    [Fact]
    public void ProofOfAnyAccount_VerifiesForItsTrueValueOnly()
    {
        var node = Chain.Node;
        Gen.Byte.Array[32].Select(Gen.OneOf(Token.Grid, Token.Watt), (key, token) => (new Address(key), token))
            .Sample((account, token) =>
            {
                var (value, proof, root, _) = node.Prove(TokensQueries.BalanceProofKey(account, token));
                Assert.True(proof.Verify(root, KeyHash(account, token), value is null ? null : ValueHash(value)));
                Assert.False(proof.Verify(root, KeyHash(account, token), ValueHash(new Balance(7, 0).Encode())));
            }, iter: 500);
    }
}
