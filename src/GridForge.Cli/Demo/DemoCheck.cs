namespace GridForge.Cli.Demo;

/// <summary>One check the demo makes on what the chain did, and whether it held.</summary>
internal sealed record DemoCheck(string Name, bool Held, string Detail);
