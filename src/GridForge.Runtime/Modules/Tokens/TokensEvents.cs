using GridForge.Core.Primitives;
using GridForge.Runtime.Execution;

namespace GridForge.Runtime.Modules.Tokens;

/// <summary>Kinds of the tokens module's events; each has its record below.</summary>
public static class TokensEvents
{
    public const string Transferred = "transfer";

    /// <summary>Reads a stored tokens event back into its record (null for a kind this module does not emit).</summary>
    internal static IModuleEvent? Read(string kind, EventReader r) => kind switch
    {
        Transferred => TokensTransferred.Read(r),
        _ => null,
    };
}

/// <summary>An account sent tokens to another (kind <c>transfer</c>).</summary>
public sealed record TokensTransferred(Address From, Address To, Token Token, ulong Amount) : IModuleEvent
{
    string IModuleEvent.Module => TokensModule.ModuleName;
    string IModuleEvent.Kind => TokensEvents.Transferred;

    public void Write(EventWriter a) => a.Add("from", From).Add("to", To).Add("token", Token.Name()).Add("amount", Amount);

    internal static TokensTransferred Read(EventReader r) => new(r.Address("from"), r.Address("to"), r.Enum<Token>("token", TokenNames.Name), r.U64("amount"));
}
