using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Modules.Stablecoin;

/// <summary>DESIGN §6 Stablecoin: reserve attestations (amount, as-of time, attestor signature) per issuer. The
/// signature is the registered attestor's over a domain-separated, chain-bound encoding; attestations only move
/// forward in time, never into the future, and never below what the issuer owes.</summary>
public sealed class AttestationTests : StablecoinTestBase
{
    [Fact]
    public void Attest_SignedByTheAttestor_ReplacesTheIssuersReserves_AndAllowsMintingUpToThem()
    {
        var reserves = GenesisWatt + (5 * Headroom);
        var asOf = NextBlockTime;

        Succeeds(Issuer, Attestation(reserves, asOf));

        var record = IssuerOf(Issuer.Address);
        Assert.Equal((reserves, asOf, Chain.Height), (record.Reserves, record.ReservesAsOf, record.AttestedAtHeight));
        Succeeds(Issuer, new MintMessage(Alice.Address, new Amount(5 * Headroom), "DEP-AFTER"));
        Fails(Issuer, new MintMessage(Alice.Address, new Amount(1), "DEP-OVER"), StablecoinCodes.MintExceedsReserves);
    }

    [Fact]
    public void Attest_MayBeSubmittedByAnyone_BecauseTheAttestorsSignatureProvesIt() =>
        Succeeds(Charlie, Attestation(GenesisWatt, NextBlockTime));

    [Fact]
    public void Attest_SignedByAnotherKey_IsRejectedWithBadAttestationSignature() =>
        Fails(Issuer, Attestation(GenesisWatt * 2, NextBlockTime, signer: Issuer), StablecoinCodes.BadAttestationSignature);

    [Fact]
    public void Attest_SignedForAnotherChain_IsRejectedWithBadAttestationSignature() =>
        Fails(Issuer, Attestation(GenesisWatt * 2, NextBlockTime, chainId: TestKeys.DevChain + "-other"), StablecoinCodes.BadAttestationSignature);

    [Fact]
    public void Attest_WithAChangedAmount_IsRejectedWithBadAttestationSignature()
    {
        var signed = Attestation(GenesisWatt, NextBlockTime);

        Fails(Issuer, signed with { Reserves = new Amount(GenesisWatt * 10) }, StablecoinCodes.BadAttestationSignature);
    }

    [Fact]
    public void Attest_ReusingAnotherIssuersAttestation_IsRejectedWithBadAttestationSignature()
    {
        Assert.Null(StablecoinModule.AddIssuer(Chain.State, OtherIssuer.Address, Attestor.Address));
        var forOther = Attestation(GenesisWatt * 2, NextBlockTime, issuer: OtherIssuer.Address);

        Fails(Issuer, forOther with { Issuer = Issuer.Address }, StablecoinCodes.BadAttestationSignature);
    }

    [Fact]
    public void Attest_IsDomainSeparated_SoATransactionSignatureOverTheSameBytesIsNotAnAttestation()
    {
        var asOf = NextBlockTime;
        var body = ReserveAttestation.Body(Chain.Runtime.ChainId, Issuer.Address, GenesisWatt * 2, asOf);
        var asTx = Attestor.Sign(Transaction.SigningHash(body).ToArray());
        var plain = Attestor.Sign(Hashing.Sha256(body).ToArray());

        Fails(Issuer, new AttestMessage(Issuer.Address, new Amount(GenesisWatt * 2), asOf, asTx), StablecoinCodes.BadAttestationSignature);
        Fails(Issuer, new AttestMessage(Issuer.Address, new Amount(GenesisWatt * 2), asOf + 1, plain), StablecoinCodes.BadAttestationSignature);
    }

    [Fact]
    public void Attest_Replayed_IsRejectedWithAttestationStale()
    {
        var attestation = Attestation(GenesisWatt * 2, NextBlockTime);
        Succeeds(Issuer, attestation);

        Fails(Issuer, attestation, StablecoinCodes.AttestationStale);
    }

    [Fact]
    public void Attest_OlderThanTheLatest_IsRejectedWithAttestationStale()
    {
        var asOf = NextBlockTime;
        Succeeds(Issuer, Attestation(GenesisWatt * 2, asOf));

        Fails(Issuer, Attestation(GenesisWatt * 3, asOf - 1), StablecoinCodes.AttestationStale);
    }

    [Fact]
    public void Attest_DatedAfterTheBlock_IsRejectedWithAttestationInFuture() =>
        Fails(Issuer, Attestation(GenesisWatt * 2, NextBlockTime + 1), StablecoinCodes.AttestationInFuture);

    [Fact]
    public void AnAttestationBelowWhatTheIssuerOwes_IsRecordedAsAShortfall_AndStopsMintingUntilANewerOneCoversIt()
    {
        // Issue 13, item 3: refusing it would keep the older, higher attestation in force and let the issuer go on minting.
        Succeeds(Issuer, Attestation(GenesisWatt - 5, NextBlockTime));
        Assert.Equal((GenesisWatt - 5, 5UL, 0UL), (IssuerOf(Issuer.Address).Reserves, IssuerOf(Issuer.Address).Shortfall, IssuerOf(Issuer.Address).Headroom));
        Fails(Issuer, new MintMessage(Alice.Address, new Amount(1), "DEP-IN-SHORTFALL"), StablecoinCodes.MintExceedsReserves);

        Succeeds(Issuer, Attestation(GenesisWatt + 10, NextBlockTime));
        Assert.Equal((0UL, 10UL), (IssuerOf(Issuer.Address).Shortfall, IssuerOf(Issuer.Address).Headroom));
        Succeeds(Issuer, new MintMessage(Alice.Address, new Amount(10), "DEP-COVERED"));
    }

    [Fact]
    public void Attest_ForAnAccountThatIsNoIssuer_IsRejectedWithUnknownIssuer() =>
        Fails(Issuer, Attestation(1, NextBlockTime, issuer: Bob.Address), StablecoinCodes.UnknownIssuer);

    [Fact]
    public void Attest_WithATruncatedSignature_DoesNotDecode()
    {
        var payload = new Core.Encoding.CanonicalWriter().Address(Issuer.Address).U64(1).I64(1).Raw(new byte[63]).ToArray();
        var tx = Build.A.Transfer.From(Issuer).WithMessageType(ModuleIds.Stablecoin, AttestMessage.TypeId).WithPayload(payload).Encoded();

        AssertRefusedChangingNothing(tx, Runtime.RejectionCodes.Malformed);
    }

    [Fact]
    public void AttestationSignature_IsTheAttestorsOverTheDocumentedBytes()
    {
        var body = new Core.Encoding.CanonicalWriter().String("gridforge-dev").Address(Issuer.Address).U64(42).I64(1_700_000_000).ToArray();
        var expected = Hashing.Domain("gridforge watt attestation v1", body);

        Assert.Equal(expected, ReserveAttestation.SigningHash("gridforge-dev", Issuer.Address, 42, 1_700_000_000));
        Assert.True(Ed25519.Verify(Attestor.PublicKey, expected.ToArray(),
            ReserveAttestation.Sign(Attestor, "gridforge-dev", Issuer.Address, 42, 1_700_000_000)));
    }
}
