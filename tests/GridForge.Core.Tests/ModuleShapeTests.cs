using System.Text.RegularExpressions;

namespace GridForge.Core.Tests;

/// <summary>Every runtime module folder has the same shape (docs/architecture.md, "Code shape"): <c>&lt;M&gt;Module.cs</c> and its
/// partials <c>&lt;M&gt;Module.&lt;Part&gt;.cs</c>, the parameters in <c>&lt;M&gt;Module.Parameters.cs</c>, the read door
/// <c>&lt;M&gt;Queries.cs</c>, the stable codes <c>&lt;M&gt;Codes.cs</c>, the events <c>&lt;M&gt;Events.cs</c>, the needs
/// <c>&lt;M&gt;Needs.cs</c>, every message under <c>Messages/</c> and every store under <c>State/</c>.</summary>
public sealed partial class ModuleShapeTests
{
    [Fact]
    public void EveryRuntimeModuleFolder_HasTheModuleShape()
    {
        var modules = Repository.PathOf(Path.Combine("src", "GridForge.Runtime", "Modules"));
        Assert.NotEmpty(Directory.GetDirectories(modules));
        var violations = Violations(modules);
        Assert.True(violations.Count == 0, $"{violations.Count} files break the module shape:\n" + string.Join('\n', violations));
    }

    [Theory]
    [InlineData("Messages/PlaceOrderMessage.cs", "public sealed record PlaceOrderMessage(long Wh) : IMessage;", true)]
    [InlineData("PlaceOrderMessage.cs", "public sealed record PlaceOrderMessage(long Wh) : IMessage;", false)]
    [InlineData("State/OrderRecord.cs", "internal sealed record Swap(long Wh) : IMessage;", false)]
    [InlineData("MarketModule.Parameters.cs", "    public static readonly ParamSpec MaxOrderWh = new(ModuleName, \"max\", 1, 1, 2, \"d\");", true)]
    [InlineData("MarketModule.cs", "    public static readonly ParamSpec MaxOrderWh = new(ModuleName, \"max\", 1, 1, 2, \"d\");", false)]
    [InlineData("MarketCodes.cs", "public static class MarketCodes", true)]
    [InlineData("OrderCodes.cs", "public static class OrderCodes", false)]
    [InlineData("MarketEvents.cs", "public static class MarketEvents", true)]
    [InlineData("OrderEvents.cs", "public static class OrderEvents", false)]
    [InlineData("State/MarketStore.cs", "internal static class MarketStore", true)]
    [InlineData("MarketStore.cs", "internal static class MarketStore", false)]
    [InlineData("MarketModule.Orders.cs", "public sealed partial class MarketModule", true)]
    [InlineData("State/MarketModule.Orders.cs", "public sealed partial class MarketModule", false)]
    [InlineData("MarketModules.cs", "internal static class Helpers", false)]
    [InlineData("Escrow.cs", "public static class Escrow", true)]
    public void TheShapeCheck_FindsAFileOutOfPlace(string file, string code, bool inShape)
    {
        var root = Directory.CreateTempSubdirectory("module-shape-");
        try
        {
            var market = Path.Combine(root.FullName, "Market");
            Write(market, "MarketModule.cs", "public sealed partial class MarketModule : IModule");
            Write(market, "MarketQueries.cs", "public static class MarketQueries");
            Write(market, file, code);
            Assert.Equal(inShape, Violations(root.FullName).Count == 0);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>Each file under <paramref name="modulesRoot"/> that is out of the shape, with why.</summary>
    private static List<string> Violations(string modulesRoot)
    {
        var violations = new List<string>();
        foreach (var folder in Directory.GetDirectories(modulesRoot).Order(StringComparer.Ordinal))
        {
            var m = Path.GetFileName(folder);
            foreach (var required in new[] { $"{m}Module.cs", $"{m}Queries.cs" })
            {
                if (!File.Exists(Path.Combine(folder, required))) violations.Add($"{m}/{required}: missing");
            }

            foreach (var path in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
                if (relative.Split('/').Any(part => part is "bin" or "obj")) continue;
                violations.AddRange(Check(m, relative, File.ReadAllText(path)).Select(why => $"{m}/{relative}: {why}"));
            }
        }

        return violations;
    }

    /// <summary>Why the file at <paramref name="relative"/> (inside module <paramref name="m"/>'s folder) is out of the shape.</summary>
    private static IEnumerable<string> Check(string m, string relative, string text)
    {
        var parts = relative.Split('/');
        var top = parts.Length == 1;
        var folder = top ? string.Empty : parts[0];
        var file = parts[^1];
        var types = TypeDeclaration().Matches(text).Select(x => x.Groups["name"].Value).ToList();

        if (file.StartsWith($"{m}Module", StringComparison.Ordinal) && !ModuleFile(m).IsMatch(file))
        {
            yield return $"a module file is {m}Module.cs or {m}Module.<Part>.cs";
        }

        if (types.Contains($"{m}Module") && !(top && ModuleFile(m).IsMatch(file)))
        {
            yield return $"{m}Module is declared only in {m}Module.cs and its partials {m}Module.<Part>.cs";
        }

        if (folder != "Messages" && (types.Any(t => t.EndsWith("Message", StringComparison.Ordinal)) || ImplementsMessage().IsMatch(text)))
        {
            yield return "messages live in Messages/";
        }

        if (ParamSpecDeclaration().IsMatch(text) && !(top && file == $"{m}Module.Parameters.cs"))
        {
            yield return $"parameters (ParamSpec) are declared in {m}Module.Parameters.cs";
        }

        foreach (var (suffix, what) in new[] { ("Codes", "stable codes"), ("Events", "events"), ("Needs", "needs"), ("Queries", "queries") })
        {
            foreach (var type in types.Where(t => t.EndsWith(suffix, StringComparison.Ordinal)))
            {
                if (type != $"{m}{suffix}" || !(top && file == $"{m}{suffix}.cs"))
                {
                    yield return $"the module's {what} are one class, {m}{suffix}, in {m}{suffix}.cs (not {type})";
                }
            }
        }

        if (folder != "State" && types.Any(t => t.EndsWith("Store", StringComparison.Ordinal) || t == $"{m}State"))
        {
            yield return "stores live in State/";
        }
    }

    private static void Write(string folder, string relative, string code)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"namespace X;\n\n{code}\n");
    }

    private static Regex ModuleFile(string m) => new($"^{m}Module(\\.[A-Z][A-Za-z]*)?\\.cs$");

    [GeneratedRegex(@"^\s*(?:(?:public|internal|private|protected|file|sealed|static|abstract|readonly|partial|ref)\s+)*"
        + @"(?:class|record\s+struct|record\s+class|record|struct|interface|enum)\s+(?<name>[A-Za-z_]\w*)", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@":\s*(?:[\w.<>]+\s*,\s*)*IMessage\b")]
    private static partial Regex ImplementsMessage();

    [GeneratedRegex(@"^\s*(?:(?:public|internal|private|protected|static|readonly)\s+)+ParamSpec\s+\w+\s*=", RegexOptions.Multiline)]
    private static partial Regex ParamSpecDeclaration();
}
