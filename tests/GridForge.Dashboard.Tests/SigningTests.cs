using System.Text.Json;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Matching;
using GridForge.Runtime.Modules.Contracts;
using GridForge.Runtime.Modules.Governance;
using GridForge.Runtime.Modules.Grid;
using GridForge.Runtime.Modules.Market;
using GridForge.Runtime.Modules.Metering;
using GridForge.Runtime.Modules.Settlement;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Staking;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;

namespace GridForge.Dashboard.Tests;

/// <summary>The page signs exactly what the CLI signs: every message the dashboard can send, built and signed in the
/// browser (with WebCrypto's Ed25519, and again with the vendored noble libraries), is byte for byte the transaction the
/// C# code (Transaction.Sign, as `gridforge tx` uses it) makes from the same fields. Ed25519 is deterministic, so the
/// signatures must match too.</summary>
[Collection(DashboardCollection.Name)]
public sealed class SigningTests(DashboardFixture fixture)
{
    private const string ChainId = "gridforge-dev";
    private const ulong Nonce = 7, Fee = 1_000, Expiry = 123_456;

    private static readonly string Bob = DevAccounts.AddressOf("bob").ToString();
    private static readonly string Validator = DevAccounts.AddressOf("validator").ToString();
    private static readonly string Issuer = DevAccounts.AddressOf("issuer").ToString();
    private static readonly MeterId Meter = new(Hashing.Domain("dashboard test meter", [1]).ToArray());

    /// <summary>Each case: the JavaScript expression building the message in the page, and the same message in C#.</summary>
    private static IEnumerable<(string Js, IMessage Message)> Cases()
    {
        var bob = Address.Parse(Bob);
        yield return ($"tx.transfer({{ to: '{Bob}', token: 'WATT', amount: 12500000n }})", new TransferMessage(bob, Token.Watt, new Amount(12_500_000)));
        yield return ($"tx.transfer({{ to: '{Bob}', token: 'GRID', amount: 18446744073709551615n }})",
            new TransferMessage(bob, Token.Grid, new Amount(ulong.MaxValue)));
        yield return ("tx.placeOrder({ slot: 2015084, side: 'buy', kind: 'gtc', zone: 'Z1', price: 120000, quantity: 500 })",
            new PlaceOrderMessage(new SlotId(2015084), Side.Buy, OrderKind.LimitGtc, new ZoneId("Z1"), new PricePerKwh(120_000), new Wh(500)));
        yield return ("tx.placeOrder({ slot: 2015085, side: 'sell', kind: 'market', zone: 'Z2', price: -5000, quantity: 1 })",
            new PlaceOrderMessage(new SlotId(2015085), Side.Sell, OrderKind.Market, new ZoneId("Z2"), new PricePerKwh(-5_000), new Wh(1)));
        yield return ("tx.placeOrder({ slot: 1, side: 'buy', kind: 'fok', zone: 'Z3', price: 9999990, quantity: 1000000000 })",
            new PlaceOrderMessage(new SlotId(1), Side.Buy, OrderKind.LimitFok, new ZoneId("Z3"), new PricePerKwh(9_999_990), new Wh(1_000_000_000)));
        yield return ("tx.placeOrder({ slot: 2, side: 'sell', kind: 'ioc', zone: 'Z1', price: 0, quantity: 7 })",
            new PlaceOrderMessage(new SlotId(2), Side.Sell, OrderKind.LimitIoc, new ZoneId("Z1"), new PricePerKwh(0), new Wh(7)));
        yield return ("tx.amendOrder({ order: 42, price: 90000 })", new AmendOrderMessage(42, new PricePerKwh(90_000), null));
        yield return ("tx.amendOrder({ order: 42, quantity: 300 })", new AmendOrderMessage(42, null, new Wh(300)));
        yield return ("tx.cancelOrder({ order: 42 })", new CancelOrderMessage(42));
        yield return ("tx.retireCertificate({ certificate: 7, wh: 100 })", new RetireCertificateMessage(7, new Wh(100)));
        yield return ($"tx.createResidential({{ start: 2015090, end: 2015180, zone: 'Z1', reserveWh: 50, floorPrice: 60000, buyLimitWh: 2500, ceilingPrice: " +
            $"150000, dailyBudget: 5000000n, greenOnly: true, preferredCounterparties: ['{Bob}'], preferredZones: ['Z2'] }})",
            new CreateContractMessage(ContractTemplate.Residential, Address.None, new SlotId(2015090), new SlotId(2015180), 0, Amount.Zero,
                new ResidentialTerms(new ZoneId("Z1"), new Wh(50), new PricePerKwh(60_000), new Wh(2_500), new PricePerKwh(150_000), 5_000_000, true,
                    [bob], [new ZoneId("Z2")])));
        yield return ("tx.terminateContract({ contract: 9 })", new TerminateContractMessage(9));
        yield return ("tx.setCapacity({ from: 'Z1', to: 'Z2', first: 100, last: 200, capacity: 12345, both: true })",
            new SetCapacityMessage(new ZoneId("Z1"), new ZoneId("Z2"), new SlotId(100), new SlotId(200), new Wh(12_345), true));
        yield return ("tx.setCapacity({ from: 'Z2', to: 'Z1', first: 100, last: 100, capacity: null, both: false })",
            new SetCapacityMessage(new ZoneId("Z2"), new ZoneId("Z1"), new SlotId(100), new SlotId(100), null, false));
        yield return ($"tx.registerMeter({{ meter: '{Meter}', owner: '{Bob}', zone: 'Z1', kind: 'both', technology: 'solar', ratedPowerW: 5000, serial: " +
            $"'SN-1' }})",
            new RegisterMeterMessage(Meter, bob, new ZoneId("Z1"), MeterKind.Both, MeterTechnology.Solar, 5_000, new Wh(0), new Wh(0), "SN-1"));
        yield return ("tx.vote({ proposal: 3, choice: 'no' })", new VoteMessage(3, VoteChoice.No));
        yield return ("tx.bond({ amount: 1000000000n })", new BondMessage(new Amount(1_000_000_000)));
        yield return ("tx.unbond({ amount: 250000000n })", new UnbondMessage(new Amount(250_000_000)));
        yield return ($"tx.nominate({{ targets: ['{Validator}', '{Bob}'] }})", new NominateMessage([Address.Parse(Validator), bob]));
        yield return ($"tx.redeem({{ issuer: '{Issuer}', amount: 25500000n, payoutReference: 'zürich-€-bank' }})",
            new RedeemMessage(Address.Parse(Issuer), new Amount(25_500_000), "zürich-€-bank"));
    }

    [Theory]
    [InlineData("", "webcrypto")]
    [InlineData("?crypto=js", "noble")]
    public async Task EveryMessage_SignedInThePage_IsByteForByteTheCliTransaction(string query, string expectedBackend)
    {
        var (context, page, errors) = await fixture.OpenAsync(query + "#/explorer");
        await using var _ = context;
        var cases = Cases().ToList();
        var script = $$"""
            async () => {
              const tx = await import('/assets/js/crypto/tx.js');
              const keys = await import('/assets/js/crypto/keys.js');
              const primitives = await import('/assets/js/crypto/primitives.js');
              const signer = await keys.fromDevName('alice');
              const messages = [{{string.Join(",\n", cases.Select(c => c.Js))}}];
              const hexes = [];
              for (const message of messages) {
                hexes.push((await tx.sign(signer, { chainId: '{{ChainId}}', nonce: {{Nonce}}, fee: {{Fee}}, expiry: {{Expiry}}, message })).hex);
              }
              return JSON.stringify({ backend: await primitives.backend(), hexes });
            }
            """;
        using var result = JsonDocument.Parse(await page.EvaluateAsync<string>(script));
        Assert.Equal(expectedBackend, result.RootElement.GetProperty("backend").GetString());
        var hexes = result.RootElement.GetProperty("hexes").EnumerateArray().Select(e => e.GetString()).ToList();
        using var alice = DevAccounts.Key("alice");
        for (var i = 0; i < cases.Count; i++)
        {
            var expected = Transaction.Sign(alice, ChainId, Nonce, Fee, Expiry, cases[i].Message);
            Assert.True(Convert.ToHexStringLower(expected.Encoded) == hexes[i],
                $"{cases[i].Js}\n page {hexes[i]}\n C#   {Convert.ToHexStringLower(expected.Encoded)}");
        }

        lock (errors) Assert.Empty(errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?crypto=js")]
    public async Task DevNames_DeriveTheKeysTheCliDerives(string query)
    {
        var (context, page, _) = await fixture.OpenAsync(query + "#/explorer");
        await using var __ = context;
        var names = new[] { "alice", "dso", "validator", "member-01", "member-36", "community-gateway" };
        var addresses = await page.EvaluateAsync<string[]>("""
            async (names) => {
              const keys = await import('/assets/js/crypto/keys.js');
              const { addressOf } = await import('/assets/js/crypto/bech32m.js');
              const out = [];
              for (const n of names) out.push(addressOf((await keys.fromDevName(n)).publicKey));
              return out;
            }
            """, names);
        for (var i = 0; i < names.Length; i++)
        {
            var seed = DevAccounts.IsDevName(names[i])
                ? Hashing.Domain("gridforge dev account", System.Text.Encoding.UTF8.GetBytes(names[i]))
                : Hashing.Domain("gridforge community member", System.Text.Encoding.UTF8.GetBytes(names[i]));
            using var key = SigningKey.FromSeed(seed.ToArray());
            Assert.Equal(key.Address.ToString(), addresses[i]);
        }

        Assert.Equal("grid19d7dr8n50m4xc6cgj6j7rax8zdw8evsep386kgldfuhzepxdt9ds6rlsq2", addresses[3]);
        Assert.True(await page.EvaluateAsync<bool>("async () => { const k = await import('/assets/js/crypto/keys.js'); return !k.isDevName('member-1') && " +
            "!k.isDevName('member-001') && !k.isDevName('mallory'); }"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?crypto=js")]
    public async Task StoredKey_IsEncrypted_AndOnlyTheRightPassphraseUnlocksIt(string query)
    {
        var (context, page, _) = await fixture.OpenAsync(query + "#/explorer");
        await using var __ = context;
        var outcome = await page.EvaluateAsync<string[]>("""
            async () => {
              const keys = await import('/assets/js/crypto/keys.js');
              const { toHex } = await import('/assets/js/crypto/bytes.js');
              const { addressOf } = await import('/assets/js/crypto/bech32m.js');
              const signer = await keys.generate();
              const seed = toHex(signer.exportSeed());
              const entry = await keys.store(signer, 'test', 'correct horse battery');
              const stored = localStorage.getItem('gridforge.wallet.v1');
              let wrong = 'unlocked';
              try { await keys.unlock(entry.address, 'wrong passphrase!'); } catch (e) { wrong = e.message; }
              const back = await keys.unlock(entry.address, 'correct horse battery');
              return [String(stored.includes(seed)), wrong, String(addressOf(back.publicKey) === entry.address), String(entry.iterations)];
            }
            """);
        Assert.Equal(["False", "wrong passphrase", "True", "600000"], outcome, StringComparer.OrdinalIgnoreCase);
    }
}
