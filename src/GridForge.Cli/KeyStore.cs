using GridForge.Cli.Community;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;

namespace GridForge.Cli;

/// <summary>Key files on the client (the node never holds users' keys) and dev-name resolution.</summary>
internal static class KeyStore
{
    public static void Save(SigningKey key, string path)
    {
        try
        {
            KeyFile.Save(key, path);
        }
        catch (KeyFileException e)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>A key from a key file, or a dev account's or dev community member's key by its name.</summary>
    public static SigningKey Load(string keyOrName)
    {
        if (IsDevName(keyOrName)) return DevAccounts.IsDevName(keyOrName) || keyOrName == DevAccounts.CommunityIssuer ? DevAccounts.Key(keyOrName)
            : CommunityKeys.Account(keyOrName);
        if (!File.Exists(keyOrName)) throw new CliException(
            $"no key file '{keyOrName}' (and it is not a dev account name: {string.Join(", ", DevAccounts.Names)})");
        try
        {
            return KeyFile.Load(keyOrName);
        }
        catch (KeyFileException e)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>A dev account (<c>alice</c>, …) or a dev community member (<c>member-01</c>, …): keys anyone can derive.</summary>
    public static bool IsDevName(string keyOrName) =>
        (DevAccounts.IsDevName(keyOrName) || keyOrName == DevAccounts.CommunityIssuer || CommunityKeys.IsMemberName(keyOrName)) && !File.Exists(keyOrName);

    /// <summary>An address given as grid1…, as a dev account name, or as a key file.</summary>
    public static Address ResolveAddress(string text)
    {
        if (text.StartsWith(Address.Prefix + "1", StringComparison.OrdinalIgnoreCase))
        {
            return Address.TryParse(text, out var a, out var error) ? a : throw new CliException(error!);
        }

        if (IsDevName(text) || File.Exists(text))
        {
            using var key = Load(text);
            return key.Address;
        }

        throw new CliException($"'{text}' is neither an address (grid1…), a dev account name nor a key file");
    }
}
