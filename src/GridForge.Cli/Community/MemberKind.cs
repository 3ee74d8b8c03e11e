namespace GridForge.Cli.Community;

/// <summary>What a community member has behind its meter.</summary>
internal enum MemberKind
{
    /// <summary>A household with rooftop solar: exports at midday, imports at night.</summary>
    Solar,

    /// <summary>A household with a small wind turbine: exports whenever the wind blows harder than it consumes.</summary>
    Wind,

    /// <summary>A household without generation: only imports.</summary>
    Consumer,
}
