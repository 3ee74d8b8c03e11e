using System.Text.Json;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Modules.Stablecoin;

/// <summary>A dev chain whose genesis names one WATT issuer (an outsider key) with its own attestor: the issuer
/// owes all genesis WATT and its genesis attestation leaves <see cref="Headroom"/> to mint.</summary>
public abstract class StablecoinTestBase : RuntimeTestBase
{
    protected static readonly SigningKey Issuer = TestKeys.Outsider("watt-issuer");
    protected static readonly SigningKey Attestor = TestKeys.Outsider("watt-attestor");
    protected static readonly SigningKey OtherIssuer = TestKeys.Outsider("watt-issuer-2");

    /// <summary>Alice, bob, charlie, the validator and the issuer each hold 1,000 WATT at genesis.</summary>
    protected const ulong GenesisWatt = 5 * GenesisBuilder.DefaultBalance;

    protected const ulong Headroom = 1_000 * Amount.MicroPerUnit;

    protected static readonly GenesisDocument IssuerGenesis = WithStablecoinSection(
        Build.A.Genesis.Funding(Alice, Bob, Charlie, TestKeys.Validator, Issuer).TestObject,
        new { issuers = new[] { new { address = Issuer.Address.ToString(), attestor = Attestor.Address.ToString(), outstanding = GenesisWatt,
            reserves = GenesisWatt + Headroom } } });

    protected StablecoinTestBase() => Chain = RuntimeHarness.Start(IssuerGenesis);

    /// <summary>A copy of <paramref name="genesis"/> with a <c>stablecoin</c> section.</summary>
    public static GenesisDocument WithStablecoinSection(GenesisDocument genesis, object section) => new()
    {
        ChainId = genesis.ChainId,
        GenesisTime = genesis.GenesisTime,
        Validators = genesis.Validators,
        Accounts = genesis.Accounts,
        Roles = genesis.Roles,
        Params = genesis.Params,
        Extra = new Dictionary<string, JsonElement> { [StablecoinGenesis.SectionName] = JsonSerializer.SerializeToElement(section) },
    };

    /// <summary>The block time of the next block the harness executes.</summary>
    protected long NextBlockTime => Chain.Genesis.GenesisTime + (long)Chain.Height + 1;

    protected Transaction Tx(SigningKey from, IMessage message) => TxWithNonce(from, Chain.NextNonce(from.Address), message);

    protected Transaction TxWithNonce(SigningKey from, ulong nonce, IMessage message) =>
        Transaction.Sign(from, Chain.Runtime.ChainId, nonce, TransactionBuilder.DefaultFee, ulong.MaxValue, message);

    /// <summary>Executes a message in its own block and asserts that it succeeded.</summary>
    protected TxOutcome Succeeds(SigningKey from, IMessage message)
    {
        var outcome = Chain.Execute(Tx(from, message));
        Assert.True(outcome.Included && outcome.Rejection is null, $"expected success, got {outcome.Rejection}");
        return outcome;
    }

    /// <summary>The message is included and refused with <paramref name="code"/>; only the fee and nonce change.</summary>
    protected Rejection Fails(SigningKey from, IMessage message, string code) => AssertMessageFailsPayingOnlyFeeAndNonce(Tx(from, message), code);

    protected AttestMessage Attestation(ulong reserves, long asOf, SigningKey? signer = null, string? chainId = null, Address? issuer = null)
    {
        var who = issuer ?? Issuer.Address;
        return new AttestMessage(who, new Amount(reserves), asOf,
            ReserveAttestation.Sign(signer ?? Attestor, chainId ?? Chain.Runtime.ChainId, who, reserves, asOf));
    }

    protected IssuerRecord IssuerOf(Address issuer) => StablecoinState.Issuer(Chain.State, issuer)
        ?? throw new InvalidOperationException($"{issuer} is no issuer");

    protected StablecoinTotals Totals => StablecoinState.Totals(Chain.State);

    protected ulong WattFree(Address account) => Chain.BalanceOf(account, Token.Watt).Free;

    protected void AssertSound() => Assert.Empty(StablecoinAudit.Violations(Chain.State));
}
