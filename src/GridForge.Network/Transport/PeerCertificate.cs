using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GridForge.Core.Crypto;
using GridForge.Network.Identity;

namespace GridForge.Network.Transport;

/// <summary>The TLS certificate that binds a node's Ed25519 key to a TLS 1.3 session, as libp2p's TLS handshake
/// (specs/tls/tls.md): a self-signed ECDSA P-256 certificate whose key is fresh and unrelated to the node key, carrying the
/// extension 1.3.6.1.4.1.53594.1.1 = SignedKey { publicKey OCTET STRING, signature OCTET STRING }, where publicKey is the
/// libp2p protobuf PublicKey { Type = Ed25519, Data = 32 bytes } and signature is the node key's Ed25519 signature over
/// "libp2p-tls-handshake:" ‖ the certificate's SubjectPublicKeyInfo. TLS proves the peer holds the certificate's private key
/// in this session (CertificateVerify signs the transcript); the extension proves the node key vouched for that key.</summary>
public static class PeerCertificate
{
    public const string ExtensionOid = "1.3.6.1.4.1.53594.1.1";

    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";

    /// <summary>Critical extensions a peer's certificate may carry; any other critical one is refused (RFC 5280 §4.2).</summary>
    private static readonly HashSet<string> KnownCritical = [ExtensionOid, "2.5.29.19", "2.5.29.15"];

    private static readonly byte[] SignaturePrefix = "libp2p-tls-handshake:"u8.ToArray();

    // libp2p's protobuf PublicKey: field 1 (Type) = 1 (Ed25519), field 2 (Data) = 32 bytes.
    private static readonly byte[] PublicKeyPrefix = [0x08, 0x01, 0x12, 0x20];

    /// <summary>A fresh certificate for this process, valid from a day before <paramref name="now"/> (clocks differ between
    /// machines) for ten years; its private key lives only in memory.</summary>
    public static X509Certificate2 Create(NodeKey nodeKey, DateTimeOffset now)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=gridforge-node", ecdsa, HashAlgorithmName.SHA256);
        var spki = request.PublicKey.ExportSubjectPublicKeyInfo();
        var signature = nodeKey.Key.Sign([.. SignaturePrefix, .. spki]);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteOctetString([.. PublicKeyPrefix, .. nodeKey.PublicKey]);
            writer.WriteOctetString(signature);
        }

        request.CertificateExtensions.Add(new X509Extension(ExtensionOid, writer.Encode(), critical: true));
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using var signed = request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(ecdsa), now.AddDays(-1), now.AddYears(10), serial);
        return signed.CopyWithPrivateKey(ecdsa);
    }

    /// <summary>The node key a peer's certificate proves, or why it proves none: the certificate must be valid at
    /// <paramref name="now"/>, correctly self-signed with ECDSA P-256/SHA-256, carry no unknown critical extension and exactly
    /// one libp2p extension whose Ed25519 key signed the certificate's public key.</summary>
    public static bool TryVerify(X509Certificate2? certificate, DateTimeOffset now, out byte[] nodePublicKey, out string? error)
    {
        nodePublicKey = [];
        error = Check(certificate, now, ref nodePublicKey);
        return error is null;
    }

    private static string? Check(X509Certificate2? certificate, DateTimeOffset now, ref byte[] nodePublicKey)
    {
        if (certificate is null) return "the peer presented no certificate";
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime()) return "the peer's certificate is not valid now";
        if (certificate.SignatureAlgorithm.Value != EcdsaWithSha256) return $"the peer's certificate is signed with {certificate.SignatureAlgorithm.Value}, " +
            $"not ECDSA P-256/SHA-256";
        using var ecdsa = certificate.GetECDsaPublicKey();
        if (ecdsa is null || ecdsa.KeySize != 256) return "the peer's certificate key is not ECDSA P-256";
        if (!SelfSignatureVerifies(certificate.RawData, ecdsa)) return "the peer's certificate is not correctly self-signed";

        byte[]? extension = null;
        foreach (var e in certificate.Extensions)
        {
            var oid = e.Oid?.Value ?? "";
            if (oid == ExtensionOid)
            {
                if (extension is not null) return "the peer's certificate carries the key extension twice";
                extension = e.RawData;
            }
            else if (e.Critical && !KnownCritical.Contains(oid))
            {
                return $"the peer's certificate carries an unknown critical extension {oid}";
            }
        }

        if (extension is null) return "the peer's certificate carries no node key";
        byte[] keyField, signature;
        try
        {
            var reader = new AsnReader(extension, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            keyField = sequence.ReadOctetString();
            signature = sequence.ReadOctetString();
            if (sequence.HasData || reader.HasData) return "the peer's key extension has trailing data";
        }
        catch (AsnContentException)
        {
            return "the peer's key extension is not a SignedKey";
        }

        if (keyField.Length != PublicKeyPrefix.Length + Ed25519.PublicKeySize || !keyField.AsSpan(0, PublicKeyPrefix.Length).SequenceEqual(PublicKeyPrefix))
        {
            return "the peer's node key is not an Ed25519 key";
        }

        var key = keyField[PublicKeyPrefix.Length..];
        byte[] message = [.. SignaturePrefix, .. certificate.PublicKey.ExportSubjectPublicKeyInfo()];
        if (!Ed25519.Verify(key, message, signature)) return "the peer's node key did not sign this certificate's key";
        nodePublicKey = key;
        return null;
    }

    /// <summary>Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }: the signature over
    /// the DER of tbsCertificate must verify under the certificate's own key.</summary>
    private static bool SelfSignatureVerifies(byte[] der, ECDsa key)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var certificate = reader.ReadSequence();
            var tbs = certificate.ReadEncodedValue();
            certificate.ReadSequence();
            var signature = certificate.ReadBitString(out var unused);
            return unused == 0 && key.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The node id a peer's certificate proves, or null with the reason.</summary>
    public static NodeId? IdOf(X509Certificate2? certificate, DateTimeOffset now, out string? error) =>
        TryVerify(certificate, now, out var key, out error) ? NodeId.Of(key) : null;
}
