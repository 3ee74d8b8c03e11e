using CsCheck;
using GridForge.Runtime.Modules.Disputes;
using GridForge.Runtime.State;

namespace GridForge.Runtime.Tests.Modules.Disputes;

/// <summary>The deadline index against a deliberately naive reference: after any sequence of inserts (deadlines in any
/// order) and removals, walking it from the head gives the open disputes sorted by (deadline, id), and its head is the first.</summary>
public sealed class DueListPropertyTests
{
    [Fact]
    public void TheDueList_IsAlwaysTheOpenDisputesSortedByDeadlineThenId() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var random = new Random(seed);
            var state = new StateStore();
            var reference = new List<(ulong Id, long Deadline)>();
            ulong next = 1;
            for (var step = 0; step < 200; step++)
            {
                if (reference.Count == 0 || random.Next(3) > 0)
                {
                    // Deadlines mostly grow, as with a fixed window, but sometimes fall back (a shortened window).
                    var deadline = (long)next * 10 + random.Next(-40, 40);
                    DueList.Insert(state, next, deadline);
                    reference.Add((next++, deadline));
                }
                else
                {
                    var gone = reference[random.Next(reference.Count)];
                    DueList.Remove(state, gone.Id);
                    reference.Remove(gone);
                }

                var sorted = reference.OrderBy(e => e.Deadline).ThenBy(e => e.Id).ToList();
                Assert.Equal(sorted, DueList.All(state));
                Assert.Equal(sorted.Count == 0 ? null : sorted[0], DueList.First(state));
            }
        }, iter: 50, threads: 1);
}
