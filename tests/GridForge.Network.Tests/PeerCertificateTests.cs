using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GridForge.Network.Identity;
using GridForge.Network.Transport;

namespace GridForge.Network.Tests;

public class PeerCertificateTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void ACertificateProvesTheNodeKeyThatMadeIt()
    {
        using var node = NodeKey.Generate();
        using var certificate = PeerCertificate.Create(node, Now);
        Assert.True(PeerCertificate.TryVerify(certificate, Now, out var key, out var error), error);
        Assert.Equal(node.PublicKey, key);
        Assert.Equal(node.Id, PeerCertificate.IdOf(certificate, Now, out _));
    }

    [Fact]
    public void EachProcessGetsAFreshTlsKey_UnrelatedToTheNodeKey()
    {
        using var node = NodeKey.Generate();
        using var a = PeerCertificate.Create(node, Now);
        using var b = PeerCertificate.Create(node, Now);
        Assert.NotEqual(a.PublicKey.ExportSubjectPublicKeyInfo(), b.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(PeerCertificate.IdOf(a, Now, out _), PeerCertificate.IdOf(b, Now, out _));
    }

    [Fact]
    public void AnExtensionCopiedOntoAnotherTlsKey_IsRefused()
    {
        // An attacker who saw a node's certificate copies its key extension into a certificate of its own TLS key: the
        // node key's signature covers the original TLS key only.
        using var victim = NodeKey.Generate();
        using var original = PeerCertificate.Create(victim, Now);
        var stolen = original.Extensions[PeerCertificate.ExtensionOid]!;
        using var forged = SelfSigned(stolen, Now.AddDays(-1), Now.AddDays(1));
        Assert.False(PeerCertificate.TryVerify(forged, Now, out _, out var error));
        Assert.Contains("did not sign", error);
    }

    [Fact]
    public void ACertificateWithoutTheKeyExtension_IsRefused()
    {
        using var plain = SelfSigned(null, Now.AddDays(-1), Now.AddDays(1));
        Assert.False(PeerCertificate.TryVerify(plain, Now, out _, out var error));
        Assert.Contains("no node key", error);
    }

    [Fact]
    public void AnExpiredOrNotYetValidCertificate_IsRefused()
    {
        using var node = NodeKey.Generate();
        using var certificate = PeerCertificate.Create(node, Now);
        Assert.False(PeerCertificate.TryVerify(certificate, Now.AddYears(11), out _, out var late));
        Assert.False(PeerCertificate.TryVerify(certificate, Now.AddDays(-2), out _, out var early));
        Assert.Contains("not valid now", late);
        Assert.Contains("not valid now", early);
    }

    [Fact]
    public void AKeyExtensionThatIsNotASignedEd25519Key_IsRefused()
    {
        foreach (var value in new byte[][] { [0x30, 0x00], [0x04, 0x01, 0x00], [.. Sequence([0x08, 0x00, 0x12, 0x20, .. new byte[32]], new byte[64])],
            [0xFF, 0xFF, 0xFF] })
        {
            using var certificate = SelfSigned(new X509Extension(PeerCertificate.ExtensionOid, value, true), Now.AddDays(-1), Now.AddDays(1));
            Assert.False(PeerCertificate.TryVerify(certificate, Now, out _, out var error));
            Assert.NotNull(error);
        }
    }

    [Fact]
    public void NoCertificateAtAll_IsRefused()
    {
        Assert.False(PeerCertificate.TryVerify(null, Now, out _, out var error));
        Assert.Contains("no certificate", error);
    }

    private static byte[] Sequence(byte[] key, byte[] signature)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteOctetString(key);
            w.WriteOctetString(signature);
        }

        return w.Encode();
    }

    private static X509Certificate2 SelfSigned(X509Extension? extension, DateTimeOffset from, DateTimeOffset to)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=attacker", ecdsa, HashAlgorithmName.SHA256);
        if (extension is not null) request.CertificateExtensions.Add(extension);
        return request.CreateSelfSigned(from, to);
    }
}
