using System.Text.RegularExpressions;
using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;
using GridForge.Runtime.Modules.Auth;
using GridForge.Runtime.Modules.Tokens;
using GridForge.Tests.TestKit;

namespace GridForge.Runtime.Tests.Execution;

/// <summary>DESIGN §3: no floating point, no clock, no randomness in consensus code, and the same blocks
/// give the same state root on every machine, in every process, always.</summary>
public sealed partial class ConsensusGuardTests
{
    /// <summary>The state root after <see cref="FixedScenario"/> on a runtime of only the auth and tokens
    /// modules (so that adding a module does not move it). It changes only when their consensus changes
    /// (encoding, hashing, fees, rules): then update it on purpose, in the commit that says why.</summary>
    private const string PinnedStateRoot = "fb1de2cb16eeb10c9841bdc60b68c2ab533b79db4ee829939234501342e81058";

    [GeneratedRegex(@"\b(float|double|decimal|Half|DateTime|DateTimeOffset|Stopwatch|TimeProvider|Random|RandomNumberGenerator|TickCount64|TickCount|" +
        @"NewGuid)\b")]
    private static partial Regex Nondeterministic();

    [Fact]
    public void RuntimeSource_UsesNoFloatingPointClockOrRandomness()
    {
        var runtime = Repository.PathOf("src", "GridForge.Runtime");
        var offences = Directory.EnumerateFiles(runtime, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(runtime, f), Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal) && Nondeterministic().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(offences);
    }

    /// <summary>Forty transfers between the five traders, in five blocks: both tokens, some too large,
    /// some of zero, some with a replayed nonce. Signatures are deterministic, so the bytes are too.</summary>
    private static IEnumerable<IEnumerable<byte[]>> FixedScenario()
    {
        var traders = TestKeys.Traders;
        var nonces = new ulong[traders.Length];
        for (var block = 0; block < 5; block++)
        {
            var txs = new List<byte[]>();
            for (var j = 0; j < 8; j++)
            {
                var i = (block * 8) + j;
                var sender = i % traders.Length;
                var amount = i % 7 == 0 ? ulong.MaxValue : i % 11 == 0 ? 0UL : (ulong)((i * 1_000) + 1);
                var nonce = i % 13 == 0 && nonces[sender] > 0 ? nonces[sender] - 1 : nonces[sender]++;
                txs.Add(Build.A.Transfer.From(traders[sender]).To(traders[((i * 3) + 1) % traders.Length])
                    .Amount(amount).Of(i % 2 == 0 ? Token.Watt : Token.Grid).WithNonce(nonce).WithFee(100 + (ulong)i).Encoded());
            }

            yield return txs;
        }
    }

    [Fact]
    public void StateRoot_OfAFixedScenario_IsThePinnedOne()
    {
        var chain = RuntimeHarness.Start(Build.A.Genesis.Funding(TestKeys.Traders).TestObject, new ModuleHost([new AuthModule(), new TokensModule()]));

        var codes = FixedScenario().SelectMany(block => chain.ExecuteBlock(block).Transactions).Select(t => t.Code ?? "ok").ToHashSet();

        var root = chain.State.Root.ToString();
        Assert.True(root == PinnedStateRoot,
            $"the fixed scenario's state root is now {root}: if consensus changed on purpose, pin the new root in the same commit");
        Assert.Superset(new HashSet<string> { "ok", RejectionCodes.InsufficientFunds, RejectionCodes.InvalidAmount, RejectionCodes.NonceReplayed }, codes);
    }
}
