namespace GridForge.Core.Primitives;

/// <summary>The two tokens of the chain.</summary>
public enum Token : byte
{
    /// <summary>Governance and staking token.</summary>
    Grid = 1,

    /// <summary>Fiat-backed stable token used for payments and fees.</summary>
    Watt = 2,
}

/// <summary>Parses and prints token names.</summary>
public static class TokenNames
{
    public static string Name(this Token token) => token switch
    {
        Token.Grid => "GRID",
        Token.Watt => "WATT",
        _ => $"token{(byte)token}",
    };

    public static bool TryParse(string? text, out Token token)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "GRID": token = Token.Grid; return true;
            case "WATT": token = Token.Watt; return true;
            default: token = default; return false;
        }
    }
}
