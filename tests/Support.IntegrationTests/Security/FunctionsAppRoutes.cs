using System.Reflection;
using System.Text.RegularExpressions;
using Support.Local.Hosting;
using Support.Web;

namespace Support.IntegrationTests.Security;

/// <summary>
/// The HTTP functions of <c>functions/Support.Functions</c>, read from its source (the app is not
/// run here): each <c>[Function(...)]</c> whose parameters include an <c>[HttpTrigger(...)]</c>, with
/// its methods and route (a literal or a <see cref="Routes"/> constant), and the gate it names:
/// a <c>Gate.X</c> in its own declaration, or in a line of the app that names the function
/// (the app's gate table, e.g. <c>[nameof(GetTicket)] = Gate.Staff</c>).
/// </summary>
public static partial class FunctionsAppRoutes
{
    public const string AppFolder = "functions/Support.Functions";

    public sealed record HttpFunction(string Name, string Method, string Route, Gate? Gate)
    {
        public string Key => $"{Method} /{Routes.Prefix}/{Route.TrimStart('/')}";
    }

    /// <summary>Null when the Functions app is not in this tree.</summary>
    public static IReadOnlyList<HttpFunction>? Find()
    {
        var folder = Path.Combine(RepoRoot.Find(), AppFolder);
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var gateLines = sources.SelectMany(s => s.Split('\n')).Where(l => GatePattern().IsMatch(l)).ToList();

        var found = new List<HttpFunction>();
        foreach (var source in sources)
        {
            var declarations = FunctionPattern().Matches(source);
            for (var i = 0; i < declarations.Count; i++)
            {
                var start = declarations[i].Index;
                var end = i + 1 < declarations.Count ? declarations[i + 1].Index : source.Length;
                var declaration = source[start..end];
                var trigger = HttpTriggerPattern().Match(declaration);
                if (!trigger.Success)
                {
                    continue;
                }

                var name = NameOf(declarations[i].Groups["name"].Value);
                var arguments = trigger.Groups["args"].Value;
                var route = RoutePattern().Match(arguments) is { Success: true } r ? Resolve(r.Groups["route"].Value) : name;
                var methods = MethodPattern().Matches(arguments).Select(m => m.Groups["method"].Value.ToUpperInvariant()).ToList();
                var gate = GateIn(declaration[..Math.Min(declaration.Length, trigger.Index + trigger.Length + 2000)])
                    ?? gateLines.Where(l => l.Contains($"\"{name}\"", StringComparison.Ordinal) || l.Contains($"nameof({name})", StringComparison.Ordinal)).Select(GateIn).FirstOrDefault(g => g is not null);
                found.AddRange((methods.Count == 0 ? ["*"] : methods).Select(m => new HttpFunction(name, m, route, gate)));
            }
        }

        return found;
    }

    /// <summary>Files outside the Functions app that declare an HTTP trigger (there should be none).</summary>
    public static IReadOnlyList<string> HttpTriggersOutsideTheApp() =>
        [.. Directory.EnumerateFiles(Path.Combine(RepoRoot.Find(), "functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("[HttpTrigger(", StringComparison.Ordinal))];

    private static string NameOf(string expression) =>
        expression.StartsWith("nameof(", StringComparison.Ordinal) ? expression[7..^1].Split('.')[^1] : expression.Trim('"');

    private static string Resolve(string route)
    {
        if (route.StartsWith('"'))
        {
            return route.Trim('"');
        }

        // A constant of the shared route table (Routes.Ticket); anything else must be a literal.
        var field = typeof(Routes).GetField(route.Split('.')[^1], BindingFlags.Public | BindingFlags.Static);
        return field?.GetRawConstantValue() as string ?? throw new InvalidOperationException($"Route {route} is neither a literal nor a Routes constant.");
    }

    private static Gate? GateIn(string text) =>
        GatePattern().Match(text) is { Success: true } m && Enum.TryParse<Gate>(m.Groups["gate"].Value, out var gate) ? gate : null;

    [GeneratedRegex(@"\[Function\((?<name>nameof\([\w.]+\)|""[^""]+""|[\w.]+)\)\]")]
    private static partial Regex FunctionPattern();

    [GeneratedRegex(@"\[HttpTrigger\((?<args>[^\]]*)\)\]")]
    private static partial Regex HttpTriggerPattern();

    [GeneratedRegex(@"Route\s*=\s*(?<route>""[^""]*""|[\w.]+)")]
    private static partial Regex RoutePattern();

    [GeneratedRegex(@"""(?<method>get|post|put|patch|delete|head|options)""", RegexOptions.IgnoreCase)]
    private static partial Regex MethodPattern();

    [GeneratedRegex(@"\bGate\.(?<gate>[A-Z]\w+)")]
    private static partial Regex GatePattern();
}
