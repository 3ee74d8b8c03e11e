using CsCheck;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Tests.State;

/// <summary>Random steps on revertible states (writes, deletes, nested checkpoints kept or reverted), applied to several states at
/// once so that each can be checked against a reference. Shared with the simulation's state tests.</summary>
internal static class RevertibleStateSteps
{
    /// <summary>One step on a revertible state, by <c>Kind</c>: 0–4 write <c>Length</c> bytes of <c>Fill</c> to key <c>Key</c>, 5 delete
    /// it, 6–7 open a checkpoint, 8 keep and 9 revert the innermost open one.</summary>
    internal readonly record struct Step(int Kind, int Key, int Length, byte Fill);

    /// <summary>Up to 120 random steps over 41 keys.</summary>
    public static readonly Gen<Step[]> Steps = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 40], Gen.Int[0, 40], Gen.Byte)
        .Select((kind, key, length, fill) => new Step(kind, key, length, fill)).Array[0, 120];

    public static StateKey KeyOf(int i) => StateKey.Of($"k/{i:D2}");

    /// <summary>Applies <paramref name="steps"/> to every state given in the same way, checking after each one that
    /// <paramref name="agree"/> holds; checkpoints left open at the end are closed (reverted when <paramref name="revertRest"/>).</summary>
    public static void Run(Step[] steps, bool revertRest, Action agree, params IRevertibleState[] states)
    {
        var open = new Stack<int[]>();
        foreach (var s in steps)
        {
            switch (s.Kind)
            {
                case <= 4:
                    foreach (var state in states) state.Set(KeyOf(s.Key), Enumerable.Repeat(s.Fill, s.Length).ToArray());
                    break;
                case 5:
                    foreach (var state in states) state.Delete(KeyOf(s.Key));
                    break;
                case 6 or 7:
                    open.Push([.. states.Select(state => state.Checkpoint())]);
                    break;
                case 8 when open.Count > 0:
                    var kept = open.Pop();
                    for (var i = 0; i < states.Length; i++) states[i].Keep(kept[i]);
                    break;
                case 9 when open.Count > 0:
                    var reverted = open.Pop();
                    for (var i = 0; i < states.Length; i++) states[i].Revert(reverted[i]);
                    break;
            }

            agree();
        }

        while (open.Count > 0)
        {
            var last = open.Pop();
            for (var i = 0; i < states.Length; i++)
            {
                if (revertRest) states[i].Revert(last[i]);
                else states[i].Keep(last[i]);
            }

            agree();
        }
    }

}
