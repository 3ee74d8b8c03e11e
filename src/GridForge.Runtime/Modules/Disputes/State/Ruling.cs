namespace GridForge.Runtime.Modules.Disputes;

/// <summary>A finding: uphold (amount 0) or correct by <see cref="Amount"/> µWATT moved from the respondent's hold to the opener.</summary>
public readonly record struct Ruling(RulingKind Kind, ulong Amount)
{
    public static Ruling Uphold => new(RulingKind.Uphold, 0);

    public static Ruling Correct(ulong amount) => new(RulingKind.Correct, amount);

    public string KindName => Kind == RulingKind.Uphold ? "uphold" : "correct";

    public override string ToString() => Kind == RulingKind.Uphold ? "uphold" : $"correct {Amount}";
}
