using System.Text.Json;
using GridForge.Core.Crypto;

namespace GridForge.Cli.Tests;

public class KeysCommandTests
{
    // ed25519-speccheck vector 3 (valid under the pinned libsodium) and vector 0 (small-order key: invalid).
    private const string Vector3Key = "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d";
    private const string Vector3Msg = "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79";
    private const string Vector3Sig = "9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f"
        + "87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009";
    private const string Vector0Key = "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa";
    private const string Vector0Msg = "8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6";
    private const string Vector0Sig = "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
        + "0000000000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public void KeysVerify_ValidSignature_PrintsValidAndExitsZero()
    {
        var (code, stdout, _) = CliRunner.Run("keys", "verify", "--public-key", Vector3Key, "--message", Vector3Msg, "--signature", Vector3Sig);
        Assert.Equal(0, code);
        Assert.Equal("valid", stdout.Trim());
    }

    [Fact]
    public void KeysVerify_SmallOrderKey_PrintsInvalidAndExitsOne()
    {
        var (code, stdout, _) = CliRunner.Run("keys", "verify", "--public-key", Vector0Key, "--message", Vector0Msg, "--signature", Vector0Sig);
        Assert.Equal(1, code);
        Assert.Equal("invalid", stdout.Trim());
    }

    [Fact]
    public void KeysVerify_NonHexInput_IsAUserErrorNotAVerdict()
    {
        var (code, _, stderr) = CliRunner.Run("keys", "verify", "--public-key", "zz", "--message", "00", "--signature", "00");
        Assert.Equal(2, code);
        Assert.Contains("hexadecimal", stderr);
    }

    [Fact]
    public void KeysShow_DevName_PrintsAddressAndPublicKeyAsJson()
    {
        var (code, stdout, _) = CliRunner.Run("keys", "show", "alice", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        using var alice = DevAccounts.Key("alice");
        Assert.Equal(alice.Address.ToString(), doc.RootElement.GetProperty("address").GetString());
        Assert.Equal(Convert.ToHexStringLower(alice.PublicKey), doc.RootElement.GetProperty("publicKey").GetString());
    }

    [Fact]
    public void KeysNew_WritesAKeyFileThatShowReads_AndNeverOverwritesOne()
    {
        var dir = CliRunner.TempDir();
        var path = Path.Combine(dir, "me.key");
        var (code, stdout, _) = CliRunner.Run("keys", "new", "--out", path);
        Assert.Equal(0, code);
        var (showCode, showOut, _) = CliRunner.Run("keys", "show", path, "--json");
        Assert.Equal(0, showCode);
        Assert.Equal(stdout.Trim(), JsonDocument.Parse(showOut).RootElement.GetProperty("address").GetString());
        var before = File.ReadAllText(path);
        var (again, _, err) = CliRunner.Run("keys", "new", "--out", path);
        Assert.Equal(2, again);
        Assert.Contains("refusing to overwrite", err);
        Assert.Equal(before, File.ReadAllText(path));
        Directory.Delete(dir, true);
    }
}
