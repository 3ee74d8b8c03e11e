using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Metering;

/// <summary>What became of one reading of a committed <c>submit_readings</c> batch: accepted, or refused with a stable
/// code (<see cref="MeteringCodes"/>) and a sentence.</summary>
public readonly record struct ReadingOutcome(bool Accepted, string? Code, string? Reason)
{
    public static readonly ReadingOutcome Accept = new(true, null, null);

    /// <summary>The code when a batch's events say nothing of a reading (they always should).</summary>
    public const string NoOutcomeReported = "no_outcome_reported";

    /// <summary>Each reading's outcome, in batch order, from the batch transaction's events (<c>reading_rejected</c> per refused
    /// reading, one <c>readings_accepted</c> naming the accepted ones by index ranges).</summary>
    public static ReadingOutcome[] Of(IReadOnlyList<Event> events, int count)
    {
        var outcomes = new ReadingOutcome[count];
        Array.Fill(outcomes, new ReadingOutcome(false, NoOutcomeReported, "the batch's events say nothing of this reading"));
        foreach (var e in events)
        {
            switch (e.Decode())
            {
                case ReadingRejected { Index: >= 0 } rejected when rejected.Index < count:
                    outcomes[rejected.Index] = new ReadingOutcome(false, rejected.Code, rejected.Reason);
                    break;
                case ReadingsAccepted accepted:
                    foreach (var i in accepted.Positions ?? [])
                    {
                        if (i < count) outcomes[i] = Accept;
                    }

                    break;
            }
        }

        return outcomes;
    }
}
