using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridForge.Core.Crypto;

/// <summary>An Ed25519 key in a JSON file (<c>{"type":"ed25519","seed","publicKey","address"}</c>): users' account keys,
/// a node's key and a validator's key. Written owner-only (0600) and never over an existing file.</summary>
public static class KeyFile
{
    private sealed record Content(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("seed")] string Seed,
        [property: JsonPropertyName("publicKey")] string PublicKey,
        [property: JsonPropertyName("address")] string Address);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Group and other may neither read nor write a private key file (as ssh refuses a readable identity file).</summary>
    private const UnixFileMode NotOwner = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Writes <paramref name="key"/> to a new file readable by its owner only; an existing file is an error.</summary>
    public static void Save(SigningKey key, string path)
    {
        var json = JsonSerializer.Serialize(
            new Content("ed25519", Convert.ToHexStringLower(key.Seed), Convert.ToHexStringLower(key.PublicKey), key.Address.ToString()), Indented);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(json + "\n");
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new KeyFileException($"{path} exists already; refusing to overwrite a key");
        }
    }

    /// <summary>Null when group and other may neither read nor write the file at <paramref name="path"/> (always on Windows,
    /// whose permissions are not modes); otherwise the sentence that refuses to take <paramref name="secret"/> from it.</summary>
    public static string? NotOwnerOnly(string path, string secret) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & NotOwner) != 0
            ? $"{path} is readable or writable by others ({File.GetUnixFileMode(path)}); {secret} must be owner-only: chmod 600 {path}"
            : null;

    /// <summary>Reads a key file. With <paramref name="ownerOnly"/> (a node's or a validator's key) a file that group or
    /// other may read or write is refused, as is a malformed file or one whose public key does not match its seed.</summary>
    public static SigningKey Load(string path, bool ownerOnly = false)
    {
        if (!File.Exists(path)) throw new KeyFileException($"no key file '{path}'");
        if (ownerOnly && NotOwnerOnly(path, "a private key") is { } open) throw new KeyFileException(open);

        try
        {
            var content = JsonSerializer.Deserialize<Content>(File.ReadAllText(path)) ?? throw new KeyFileException($"{path} is empty");
            if (content.Type != "ed25519") throw new KeyFileException($"{path}: key type '{content.Type}' is not ed25519");
            var key = SigningKey.FromSeed(Convert.FromHexString(content.Seed ?? ""));
            if (!string.Equals(Convert.ToHexStringLower(key.PublicKey), content.PublicKey, StringComparison.OrdinalIgnoreCase))
            {
                key.Dispose();
                throw new KeyFileException($"{path}: the public key does not match the seed");
            }

            return key;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or NullReferenceException)
        {
            throw new KeyFileException($"{path} is not a GridForge key file: {e.Message}");
        }
    }
}

/// <summary>A key file that is missing, malformed, or not private enough.</summary>
public sealed class KeyFileException(string message) : Exception(message);
