using System.CommandLine;
using System.Text.Json;
using GridForge.Core.Crypto;

namespace GridForge.Cli.Commands;

/// <summary><c>gridforge keys new|show|verify</c>.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "Create, show and check Ed25519 keys (kept on this machine; the node never sees them)");

        var output = new Option<string>("--out") { Description = "Where to write the new key file", Required = true };
        var create = new Command("new", "Generate a new key and write it to a file") { output };
        create.SetAction(parse => CliAction.Run(() =>
        {
            using var key = SigningKey.Generate();
            var path = parse.GetValue(output)!;
            KeyStore.Save(key, path);
            Console.WriteLine(key.Address);
            return 0;
        }));
        keys.Subcommands.Add(create);

        var keyArg = new Argument<string>("KEY") { Description = "A key file, or a dev account name (alice, bob, charlie, dso, issuer, validator)" };
        var json = new Option<bool>("--json") { Description = "Print {\"address\":…,\"publicKey\":…}" };
        var show = new Command("show", "Print a key's address and public key") { keyArg, json };
        show.SetAction(parse => CliAction.Run(() =>
        {
            using var key = KeyStore.Load(parse.GetValue(keyArg)!);
            var publicKey = Convert.ToHexStringLower(key.PublicKey);
            Console.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(new { address = key.Address.ToString(), publicKey })
                : $"address     {key.Address}\npublic key  {publicKey}");
            return 0;
        }));
        keys.Subcommands.Add(show);

        var pk = new Option<string>("--public-key") { Description = "32-byte public key, hex", Required = true };
        var message = new Option<string>("--message") { Description = "The signed message, hex", Required = true };
        var signature = new Option<string>("--signature") { Description = "64-byte signature, hex", Required = true };
        var verify = new Command("verify", "Check an Ed25519 signature under GridForge's consensus rule; prints valid (exit 0) or invalid (exit 1)") { pk,
            message, signature };
        verify.SetAction(parse => CliAction.Run(() =>
        {
            var ok = Ed25519.Verify(Hex(parse.GetValue(pk)!, "--public-key"), Hex(parse.GetValue(message)!, "--message"),
                Hex(parse.GetValue(signature)!, "--signature"));
            Console.WriteLine(ok ? "valid" : "invalid");
            return ok ? 0 : 1;
        }));
        keys.Subcommands.Add(verify);
        return keys;
    }

    public static byte[] Hex(string text, string what)
    {
        try
        {
            return Convert.FromHexString(text.Trim());
        }
        catch (FormatException)
        {
            throw new CliException($"{what} must be hexadecimal");
        }
    }
}
