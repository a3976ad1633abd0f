using System.Reflection;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Support.Local.Hosting;
using Support.Tests.Functions;
using Support.Web;

namespace Support.IntegrationTests.Security;

/// <summary>
/// The HTTP functions of <c>functions/Support.Functions</c>, read from its syntax trees (the app is not
/// run here, nor loaded: it compiles only with the functions kit): each <c>[Function(...)]</c> whose
/// parameters include an <c>[HttpTrigger(...)]</c>, with its methods and route (a literal or a
/// <see cref="Routes"/> constant), and the gate its <c>[Gated(Gate.X)]</c> names.
/// </summary>
public static class FunctionsAppRoutes
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

        var found = new List<HttpFunction>();
        foreach (var function in FunctionsAppSource.Functions(folder))
        {
            if (function.Trigger is not { Kind: "HttpTrigger" } trigger)
            {
                continue;
            }

            var route = trigger.Named.TryGetValue("Route", out var expression) ? Resolve(expression) : function.Name;
            var methods = trigger.Literals.Select(m => m.ToUpperInvariant()).ToList();
            Gate? gate = Enum.TryParse<Gate>(function.Gate, out var named) ? named : null;
            found.AddRange((methods.Count == 0 ? ["*"] : methods).Select(m => new HttpFunction(function.Name, m, route, gate)));
        }

        return found;
    }

    /// <summary>Files outside the Functions app that declare an HTTP trigger (there should be none).</summary>
    public static IReadOnlyList<string> HttpTriggersOutsideTheApp() =>
        [.. FunctionsAppSource.Attributes(FunctionsAppSource.Parse(Path.Combine(RepoRoot.Find(), "functions")), "HttpTrigger")
            .Select(a => a.SyntaxTree.FilePath)
            .Distinct(StringComparer.Ordinal)];

    private static string Resolve(ExpressionSyntax route)
    {
        if (FunctionsAppSource.Literal(route) is { } literal)
        {
            return literal;
        }

        // A constant of the shared route table (Routes.Ticket); anything else must be a literal.
        var field = FunctionsAppSource.MemberOf(route, nameof(Routes)) is { } name
            ? typeof(Routes).GetField(name, BindingFlags.Public | BindingFlags.Static)
            : null;
        return field?.GetRawConstantValue() as string ?? throw new InvalidOperationException($"Route {route} is neither a literal nor a Routes constant.");
    }
}
