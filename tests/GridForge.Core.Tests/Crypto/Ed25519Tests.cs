using System.Runtime.InteropServices;
using System.Text.Json;
using GridForge.Core.Crypto;

namespace GridForge.Core.Tests.Crypto;

public class Ed25519Tests
{
    private sealed record SpeccheckCase(int Index, byte[] Message, byte[] PublicKey, byte[] Signature);

    // The ed25519-speccheck vectors (github.com/novifinancial/ed25519-speccheck, cases.txt), copied verbatim.
    private static List<SpeccheckCase> LoadSpeccheckCases()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "ed25519-speccheck-cases.txt"))
            .Where(l => l.Length > 0)
            .ToArray();
        var count = int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1 + (3 * count), lines.Length);
        var cases = new List<SpeccheckCase>();
        for (var i = 0; i < count; i++)
        {
            cases.Add(new SpeccheckCase(
                i,
                Field(lines[1 + (3 * i)], "msg="),
                Field(lines[2 + (3 * i)], "pbk="),
                Field(lines[3 + (3 * i)], "sig=")));
        }

        return cases;

        static byte[] Field(string line, string name)
        {
            Assert.StartsWith(name, line, StringComparison.Ordinal);
            return Convert.FromHexString(line[name.Length..]);
        }
    }

    [Fact]
    public void Ed25519_Speccheck_OnlyVector3Verifies()
    {
        var cases = LoadSpeccheckCases();
        Assert.Equal(12, cases.Count);

        var observed = string.Join(" ", cases.Select(c =>
            $"{c.Index}:{(Ed25519.Verify(c.PublicKey, c.Message, c.Signature) ? "accept" : "reject")}"));
        var expected = string.Join(" ", cases.Select(c => $"{c.Index}:{(c.Index == 3 ? "accept" : "reject")}"));

        Assert.Equal(expected, observed);
    }

    [Fact]
    public void Ed25519_Rfc8032Vectors_SignAndVerifyAsPublished()
    {
        // RFC 8032 §7.1, TEST 1 and TEST 2.
        (string Seed, string PublicKey, string Message, string Signature)[] vectors =
        [
            ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
             "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
             "",
             "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
            ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
             "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
             "72",
             "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        ];

        foreach (var (seed, publicKey, message, signature) in vectors)
        {
            using var key = SigningKey.FromSeed(Convert.FromHexString(seed));
            var msg = Convert.FromHexString(message);
            Assert.Equal(publicKey, Convert.ToHexStringLower(key.PublicKey));
            Assert.Equal(signature, Convert.ToHexStringLower(key.Sign(msg)));
            Assert.True(Ed25519.Verify(key.PublicKey, msg, Convert.FromHexString(signature)));
        }
    }

    [Fact]
    public void Ed25519_SignThenVerify_RoundTrips()
    {
        Gen.Select(Gen.Byte.Array[Ed25519.SeedSize], Gen.Byte.Array[0, 300]).Sample((seed, message) =>
        {
            using var key = SigningKey.FromSeed(seed);
            var signature = key.Sign(message);
            Span<byte> intoSpan = stackalloc byte[Ed25519.SignatureSize];
            key.Sign(message, intoSpan);

            Assert.Equal(Ed25519.SignatureSize, signature.Length);
            Assert.Equal(signature, intoSpan.ToArray());
            Assert.True(Ed25519.Verify(key.PublicKey, message, signature));
            Assert.Equal(seed, key.Seed);
            Assert.Equal(key.PublicKey, key.Address.ToBytes());
        }, iter: 200);
    }

    [Fact]
    public void Ed25519_FlippedBitInMessageSignatureOrKey_IsRejected()
    {
        Gen.Select(Gen.Byte.Array[Ed25519.SeedSize], Gen.Byte.Array[1, 100], Gen.Int[0, 2], Gen.Int[0, int.MaxValue])
            .Sample((seed, message, target, position) =>
            {
                using var key = SigningKey.FromSeed(seed);
                var signature = key.Sign(message);
                var publicKey = key.PublicKey.ToArray();
                var flipped = target switch { 0 => message, 1 => signature, _ => publicKey };
                var bit = position % (flipped.Length * 8);
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));

                Assert.False(Ed25519.Verify(publicKey, message, signature));
            }, iter: 600);
    }

    [Fact]
    public void Ed25519_SignatureOfAnotherKey_IsRejected()
    {
        using var signer = SigningKey.FromSeed(new byte[32]);
        using var other = SigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
        var message = "transfer 10 WATT"u8.ToArray();

        Assert.False(Ed25519.Verify(other.PublicKey, message, signer.Sign(message)));
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(31, 64)]
    [InlineData(33, 64)]
    [InlineData(32, 0)]
    [InlineData(32, 63)]
    [InlineData(32, 65)]
    [InlineData(64, 32)]
    public void Ed25519_WrongKeyOrSignatureLength_IsRejectedWithoutThrowing(int keyLength, int signatureLength)
    {
        using var key = SigningKey.FromSeed(new byte[32]);
        var message = "meter reading"u8.ToArray();
        var signature = key.Sign(message);
        var publicKey = new byte[keyLength];
        key.PublicKey.AsSpan(0, Math.Min(keyLength, 32)).CopyTo(publicKey);
        var badSignature = new byte[signatureLength];
        signature.AsSpan(0, Math.Min(signatureLength, 64)).CopyTo(badSignature);

        Assert.False(Ed25519.Verify(publicKey, message, badSignature));
    }

    [Fact]
    public void Ed25519_RandomKeyAndSignatureBytes_AreRejectedWithoutThrowing()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[0, 40], Gen.Byte.Array[64])
            .Sample((publicKey, message, signature) => !Ed25519.Verify(publicKey, message, signature), iter: 500);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void SigningKey_SeedOfWrongLength_IsAnArgumentError(int length) =>
        Assert.Throws<ArgumentException>(() => SigningKey.FromSeed(new byte[length]));

    [Fact]
    public void SigningKey_Generate_GivesDistinctWorkingKeys()
    {
        using var a = SigningKey.Generate();
        using var b = SigningKey.Generate();
        var message = "order"u8.ToArray();

        Assert.NotEqual(a.Address, b.Address);
        Assert.True(Ed25519.Verify(a.PublicKey, message, a.Sign(message)));
        Assert.False(Ed25519.Verify(b.PublicKey, message, a.Sign(message)));
    }

    [Fact]
    public void Libsodium_ResolvedPackage_IsPinnedTo1_0_22()
    {
        // The consensus rule above is the pinned libsodium's; a new version must be a deliberate change.
        var depsPath = Path.Combine(AppContext.BaseDirectory, typeof(Ed25519Tests).Assembly.GetName().Name + ".deps.json");
        using var deps = JsonDocument.Parse(File.ReadAllText(depsPath));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Equal(["libsodium/1.0.22"], libraries.Where(n => n.StartsWith("libsodium/", StringComparison.Ordinal)));
        Assert.Equal(["NSec.Cryptography/26.4.0"], libraries.Where(n => n.StartsWith("NSec.Cryptography/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Libsodium_LoadedNativeLibrary_Reports1_0_22()
    {
        Assert.Equal("1.0.22", Marshal.PtrToStringUTF8(NativeMethods.sodium_version_string()));
    }

    private static class NativeMethods
    {
        // The same native library NSec binds to (resolved through the deps.json of this test host).
        [DllImport("libsodium", CallingConvention = CallingConvention.Cdecl)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory)]
        public static extern IntPtr sodium_version_string();
    }
}
