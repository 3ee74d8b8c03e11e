using CsCheck;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;
using GridForge.Runtime.Genesis;
using GridForge.Runtime.Modules.Stablecoin;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Modules.Stablecoin;

/// <summary>Random WATT flows between two issuers (the first owing all genesis WATT, the second starting with
/// nothing) and three holders, including every kind of failure: minting beyond reserves or without being an
/// issuer, reused deposits, over-redemption, stale, future, forged and too-small attestations, double payouts.</summary>
public static class StablecoinFlows
{
    public static readonly SigningKey[] Issuers = [TestKeys.Outsider("flow-issuer-0"), TestKeys.Outsider("flow-issuer-1")];
    public static readonly SigningKey[] Attestors = [TestKeys.Outsider("flow-attestor-0"), TestKeys.Outsider("flow-attestor-1")];

    /// <summary>Issuers first, then the holders.</summary>
    public static readonly SigningKey[] Actors = [.. Issuers, TestKeys.Alice, TestKeys.Bob, TestKeys.Charlie];

    public const ulong Unit = Amount.MicroPerUnit;

    public static readonly GenesisDocument Genesis = StablecoinTestBase.WithStablecoinSection(
        Build.A.Genesis.Funding(Actors).Funding(TestKeys.Validator).TestObject,
        new
        {
            issuers = new object[]
            {
                new { address = Issuers[0].Address.ToString(), attestor = Attestors[0].Address.ToString(), outstanding = 6 * GenesisBuilder.DefaultBalance,
                    reserves = (6 * GenesisBuilder.DefaultBalance) + (500 * Unit) },
                new { address = Issuers[1].Address.ToString(), attestor = Attestors[1].Address.ToString(), outstanding = 0UL, reserves = 0UL },
            },
        });

    private static readonly Gen<ulong> Amounts = Gen.Frequency(
        (20, Gen.ULong[1, 400 * Unit]),
        (1, Gen.Const(0UL)),
        (2, Gen.ULong[2_000 * Unit, ulong.MaxValue / 2]));

    public static Gen<FlowOp> Op { get; } =
        Gen.Select(
            Gen.Frequency((5, Gen.Const(FlowOpKind.Mint)), (4, Gen.Const(FlowOpKind.Redeem)), (3, Gen.Const(FlowOpKind.ConfirmPayout)),
                (3, Gen.Const(FlowOpKind.Attest)), (2, Gen.Const(FlowOpKind.Transfer))),
            Gen.Frequency((6, Gen.Int[0, Issuers.Length - 1]), (2, Gen.Int[0, Actors.Length - 1])),
            Gen.Int[0, Actors.Length - 1],
            Gen.Int[0, Issuers.Length - 1],
            Amounts,
            Gen.Int[0, 11],
            Gen.Frequency((12, Gen.Const(0)), (1, Gen.Const(1)), (2, Gen.Int[-3, -1])),
            Gen.Int[0, 9].Select(i => i == 0))
        .Select((kind, actor, target, issuer, amount, reference, shift, forged) => new FlowOp(kind, actor, target, issuer, amount, reference, shift, forged));

    public static Gen<FlowOp[][]> Blocks { get; } = Op.Array[1, 10].Array[1, 8];

    /// <summary>The message a step sends and its sender; it reads the state only for attestation amounts and the details of
    /// the redemption a payout confirms, so the same steps on the same chain always give the same bytes.</summary>
    public static (SigningKey Sender, IMessage Message) ToMessage(FlowOp op, RuntimeHarness chain, long blockTime, ulong stepIndex)
    {
        var issuer = Issuers[op.Issuer].Address;
        switch (op.Kind)
        {
            case FlowOpKind.Mint:
                // Actors beyond the issuers are holders: a mint by them must fail as not_issuer.
                return (Actors[op.Actor], new MintMessage(Actors[op.Target].Address, new Amount(op.Amount), $"DEP-{op.Reference}"));
            case FlowOpKind.Redeem:
                return (Actors[op.Target], new RedeemMessage(issuer, new Amount(op.Amount), $"IBAN-{op.Target}"));
            case FlowOpKind.ConfirmPayout:
                // The redemption's own details when it exists (as a bridge sends them), else made-up ones.
                var owed = StablecoinState.Redemption(chain.State, (ulong)op.Reference);
                return (Actors[op.Actor], new ConfirmPayoutMessage((ulong)op.Reference, $"BANK-{stepIndex}", new Amount(owed?.Amount ?? op.Amount),
                    owed?.PayoutReference ?? "IBAN-X"));
            case FlowOpKind.Attest:
                var record = StablecoinState.Issuer(chain.State, issuer)!;
                // Around what the issuer owes: sometimes below it (a shortfall), mostly above it.
                var reserves = op.Amount > 1_000 * Unit ? record.Outstanding / 2 : checked(record.Outstanding + op.Amount);
                var asOf = blockTime + op.TimeShift;
                var signer = op.Forged ? Issuers[op.Issuer] : Attestors[op.Issuer];
                return (Actors[op.Actor], new AttestMessage(issuer, new Amount(reserves), asOf,
                    ReserveAttestation.Sign(signer, chain.Runtime.ChainId, issuer, reserves, asOf)));
            default:
                return (Actors[op.Actor], new TransferMessage(Actors[op.Target].Address, Token.Watt, new Amount(op.Amount)));
        }
    }
}
