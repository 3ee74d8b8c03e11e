using CsCheck;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Transactions;
using GridForge.Tests.TestKit;
using Xunit.Abstractions;

namespace GridForge.Runtime.Tests.Transactions;

/// <summary>DESIGN §11: decoders are fuzzed. Whatever the bytes, <see cref="Transaction.Decode"/> returns a
/// transaction or a decode rejection and never throws; and no change to a signed transaction's bytes
/// yields another transaction that the same signature still covers.</summary>
public sealed class TransactionDecoderFuzzTests(ITestOutputHelper output)
{
    private const int MaxBytes = 512;

    private static readonly MessageRegistry Registry = ChainRuntime.StandardModules().Registry;

    private static readonly HashSet<string> DecodeCodes =
        [RejectionCodes.Malformed, RejectionCodes.UnsupportedVersion, RejectionCodes.UnknownMessage, RejectionCodes.Oversized];

    /// <summary>Valid transactions of several shapes, the seeds of every mutation.</summary>
    private static readonly Transaction[] Originals =
    [
        Build.A.Transfer.From(TestKeys.Alice).To(TestKeys.Bob).Amount(5).Signed(),
        Build.A.Transfer.From(TestKeys.Bob).To(TestKeys.Alice).Amount(ulong.MaxValue).Of(Token.Grid).WithNonce(ulong.MaxValue).Signed(),
        Build.A.Transfer.From(TestKeys.Charlie).To(TestKeys.Charlie).Amount(1).WithFee(0).ExpiringAt(0).Signed(),
        Build.A.Transfer.OnChain("").From(TestKeys.Alice).To(TestKeys.Dso).Amount(1_000_000).WithNonce(300).Signed(),
        Build.A.Transfer.OnChain(new string('x', Transaction.MaxChainIdBytes)).From(TestKeys.Dso).To(TestKeys.Bob).Amount(2).Signed(),
        Build.A.Transfer.OnChain("gridforge-dév-ü").From(TestKeys.Outsider("eve")).To(TestKeys.Alice).Amount(77).Of(Token.Grid).Signed(),
    ];

    /// <summary>One change to a byte string; positions are reduced modulo the current length.</summary>
    public sealed record Mutation(int Kind, int At, int Size, byte[] Bytes)
    {
        public byte[] ApplyTo(byte[] input)
        {
            var bytes = input.ToList();
            var n = bytes.Count;
            switch (Kind)
            {
                case 0 when n > 0: // flip one bit
                    bytes[At % n] ^= (byte)(1 << (Size % 8));
                    break;
                case 1: // truncate
                    bytes.RemoveRange(At % (n + 1), n - (At % (n + 1)));
                    break;
                case 2: // insert
                    bytes.InsertRange(At % (n + 1), Bytes);
                    break;
                case 3 when n > 0: // duplicate a run in place
                    var start = At % n;
                    var count = 1 + (Size % Math.Min(16, n - start));
                    bytes.InsertRange(start + count, bytes.GetRange(start, count));
                    break;
                case 4 when n > 0: // overwrite
                    for (var i = 0; i < Bytes.Length && (At % n) + i < n; i++) bytes[(At % n) + i] = Bytes[i];
                    break;
                case 5 when n > 0: // delete a run
                    var from = At % n;
                    bytes.RemoveRange(from, Math.Min(1 + (Size % 16), n - from));
                    break;
            }

            return [.. bytes];
        }
    }

    private static readonly Gen<Mutation> AMutation =
        Gen.Select(Gen.Frequency((4, Gen.Const(0)), (2, Gen.Const(4)), (1, Gen.Const(1)), (1, Gen.Const(2)), (1, Gen.Const(3)), (1, Gen.Const(5))),
            Gen.Int[0, int.MaxValue], Gen.Int[0, 255], Gen.Byte.Array[1, 8])
            .Select((kind, at, size, bytes) => new Mutation(kind, at, size, bytes));

    private static void AssertDecodesOrRejectsCleanly(byte[] bytes)
    {
        var tx = Transaction.Decode(bytes, Registry, MaxBytes, out var rejection);
        if (tx is null)
        {
            Assert.NotNull(rejection);
            Assert.Contains(rejection.Code, DecodeCodes);
            Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
        }
        else
        {
            Assert.Null(rejection);
            Assert.Equal(bytes, tx.Encoded);
        }
    }

    [Fact]
    public void Decode_OfRandomBytes_NeverThrowsAndEitherDecodesOrGivesADecodeCode() =>
        Gen.Byte.Array[0, 2 * MaxBytes].Sample(AssertDecodesOrRejectsCleanly, iter: 100_000, writeLine: output.WriteLine);

    [Fact]
    public void Decode_OfRandomBytesAfterTheVersionByte_NeverThrowsAndEitherDecodesOrGivesADecodeCode() =>
        Gen.Byte.Array[0, 300].Select(rest => (byte[])[Transaction.Version, .. rest])
            .Sample(AssertDecodesOrRejectsCleanly, iter: 100_000, writeLine: output.WriteLine);

    [Fact]
    public void Decode_OfMutatedTransactions_NeverThrowsAndEitherDecodesOrGivesADecodeCode() =>
        Gen.Select(Gen.Int[0, Originals.Length - 1], AMutation.Array[1, 4])
            .Sample((original, mutations) =>
                AssertDecodesOrRejectsCleanly(mutations.Aggregate(Originals[original].Encoded, (bytes, m) => m.ApplyTo(bytes))),
                iter: 100_000, writeLine: output.WriteLine);

    [Fact]
    public void MutatedTransaction_ThatStillDecodes_HasAnotherIdAndFailsItsSignature()
    {
        var decoded = 0;
        Gen.Select(Gen.Int[0, Originals.Length - 1], AMutation.Array[1, 3])
            .Sample((index, mutations) =>
            {
                var original = Originals[index];
                var bytes = mutations.Aggregate(original.Encoded, (b, m) => m.ApplyTo(b));
                var tx = Transaction.Decode(bytes, Registry, MaxBytes, out _);
                if (tx is null || bytes.AsSpan().SequenceEqual(original.Encoded)) return;
                Interlocked.Increment(ref decoded);
                Assert.NotEqual(original.Id, tx.Id);
                Assert.False(tx.VerifySignature(), "a changed transaction still carries a valid signature");
            }, iter: 50_000, writeLine: output.WriteLine);

        // Most mutations break the encoding; enough must survive decoding for the signature check to mean something.
        output.WriteLine($"{decoded} mutants decoded");
        Assert.True(decoded > 10_000, $"only {decoded} of 50,000 mutants decoded");
    }

    [Fact]
    public void EverySingleBitFlip_OfASignedTransaction_IsRefusedOrFailsItsSignature()
    {
        foreach (var original in Originals)
        {
            for (var bit = 0; bit < original.Encoded.Length * 8; bit++)
            {
                var bytes = original.Encoded.ToArray();
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                var tx = Transaction.Decode(bytes, Registry, MaxBytes, out var rejection);
                if (tx is null) Assert.Contains(rejection!.Code, DecodeCodes);
                else Assert.False(tx.VerifySignature(), $"bit {bit} of a signed transaction flipped and the signature still verifies");
            }
        }
    }

    [Fact]
    public void Originals_AreValidSignedTransactions()
    {
        foreach (var tx in Originals)
        {
            Assert.True(tx.VerifySignature());
            Assert.NotNull(Transaction.Decode(tx.Encoded, Registry, MaxBytes, out _));
        }
    }
}
