using CsCheck;
using GridForge.Core.Crypto;
using GridForge.Core.Primitives;

namespace GridForge.Tests.TestKit;

/// <summary>One transfer attempt, described by choices (which CsCheck can shrink) rather than by bytes.
/// A nonce shift of 0 uses the next nonce as if every earlier attempt had landed; negative replays, positive skips ahead.</summary>
public sealed record TransferAttempt(int Sender, int Recipient, Token Token, ulong Amount, ulong Fee, int NonceShift, bool Expired);

/// <summary>Random traffic between a few accounts: transfers of both tokens, including failing ones
/// (zero, too large, fee too low or unpayable, replayed, future and expired nonces).</summary>
public static class RandomTraffic
{
    /// <summary>Blocks of attempts between <paramref name="accounts"/> accounts that each hold about <paramref name="balance"/> µ of each token.</summary>
    public static Gen<TransferAttempt[][]> Blocks(int accounts, ulong balance, int maxBlocks = 5, int maxPerBlock = 12) =>
        Attempt(accounts, balance).Array[0, maxPerBlock].Array[1, maxBlocks];

    public static Gen<TransferAttempt> Attempt(int accounts, ulong balance)
    {
        var big = (long)Math.Min(balance, long.MaxValue / 4);
        var amount = Gen.Frequency(
            (12, Gen.Long[1, Math.Max(1, big / 8)].Select(v => (ulong)v)),
            (1, Gen.Const(0UL)),
            (2, Gen.Long[big, long.MaxValue].Select(v => (ulong)v * 2)));
        var fee = Gen.Frequency(
            (12, Gen.Long[100, 10_000].Select(v => (ulong)v)),
            (1, Gen.Long[0, 99].Select(v => (ulong)v)),
            (1, Gen.Long[big, long.MaxValue].Select(v => (ulong)v)));
        var nonceShift = Gen.Frequency((14, Gen.Const(0)), (1, Gen.Const(-1)), (1, Gen.Int[1, 3]));
        var account = Gen.Int[0, accounts - 1];
        return Gen.Select(account, account, Gen.OneOf(Token.Grid, Token.Watt), amount, fee, nonceShift, Gen.Int[0, 15].Select(i => i == 0))
            .Select((s, r, t, a, f, n, e) => new TransferAttempt(s, r, t, a, f, n, e));
    }

    /// <summary>Signs the attempts. Nonces follow a naive model in which every attempt with shift 0 lands;
    /// when one does not, later nonces of that sender drift, which only adds rejections.</summary>
    public static IReadOnlyList<IReadOnlyList<byte[]>> Sign(TransferAttempt[][] blocks, IReadOnlyList<SigningKey> accounts, string chainId)
    {
        var next = new ulong[accounts.Count];
        var signed = new List<IReadOnlyList<byte[]>>(blocks.Length);
        for (var b = 0; b < blocks.Length; b++)
        {
            var height = (ulong)b + 1;
            var txs = new List<byte[]>(blocks[b].Length);
            foreach (var a in blocks[b])
            {
                var model = next[a.Sender];
                var nonce = a.NonceShift switch
                {
                    0 => model,
                    < 0 when model > 0 => model - 1,
                    < 0 => model + 1,
                    _ => model + (ulong)a.NonceShift,
                };
                if (a.NonceShift == 0) next[a.Sender]++;
                txs.Add(Build.A.Transfer.OnChain(chainId)
                    .From(accounts[a.Sender]).To(accounts[a.Recipient]).Amount(a.Amount).Of(a.Token)
                    .WithNonce(nonce).WithFee(a.Fee).ExpiringAt(a.Expired ? height - 1 : ulong.MaxValue)
                    .Encoded());
            }

            signed.Add(txs);
        }

        return signed;
    }
}
