namespace GridForge.Matching.Tests.Model;

/// <summary>Drives a model and the reference book with the same commands, comparing every event and snapshot and checking the invariants.</summary>
public static class StreamRunner
{
    public static int Run(IMatchingModel model, GridSpec grid, IEnumerable<Command> commands, string context)
    {
        var reference = new ReferenceBook(grid);
        var checker = new InvariantChecker(grid);
        var before = model.Snapshot();
        var history = new List<Command>();
        foreach (var command in commands)
        {
            history.Add(command);
            var actual = command.ApplyTo(model);
            var expected = command.ApplyTo(reference);
            var after = model.Snapshot();
            try
            {
                Assert.Equal(expected, actual);
                Assert.True(after.SameAs(reference.Snapshot()), "the book equals the reference book");
                Assert.Equal(reference.GetOrder(command.Order.Id), model.GetOrder(command.Order.Id));
                checker.Check(command, before, actual, after);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException(
                    $"{context}, command {history.Count}: {command}\n{e.Message}\nlast commands:\n  "
                    + string.Join("\n  ", history.TakeLast(15)));
            }

            before = after;
        }

        checker.CheckAllConserved(before);
        return history.Count;
    }
}
