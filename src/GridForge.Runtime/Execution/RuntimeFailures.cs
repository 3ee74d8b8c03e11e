namespace GridForge.Runtime.Execution;

/// <summary>What the runtime makes of an exception thrown inside a message handler or an end-of-block item: a refusal with a
/// stable code and a sentence that depends only on the exception's type — never on its message, which can be localised or
/// carry machine-specific text — so every node records exactly the same. Running out of memory or stack is the machine's
/// failure, not the input's: it is rethrown and stops the node rather than making it disagree with the others.</summary>
internal static class RuntimeFailures
{
    /// <summary>True for exceptions that say nothing about the input (resource exhaustion): they are never turned into refusals.</summary>
    public static bool IsFatal(Exception e) => e is OutOfMemoryException or InsufficientExecutionStackException or ThreadInterruptedException;

    /// <summary>The refusal an exception stands for.</summary>
    public static Rejection Of(Exception e) => e switch
    {
        OverflowException => new Rejection(RejectionCodes.Overflow, "an amount would overflow; nothing was changed"),
        DivideByZeroException => new Rejection(RejectionCodes.Overflow, "an amount would divide by zero; nothing was changed"),
        _ => new Rejection(RejectionCodes.InternalError, $"the runtime failed on this input ({e.GetType().Name}); nothing was changed"),
    };
}
