using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Support.Tests.Functions;

/// <summary>
/// C# source as Roslyn syntax trees, for the code the tests cannot load: the Functions app compiles only with the
/// functions kit (its Service Bus extension), and routes mapped in code leave no metadata to reflect on. Read as
/// declarations (attributes, their arguments, invocations), never as text, so a comment or a reformatting changes nothing.
/// </summary>
public static class FunctionsAppSource
{
    /// <summary>Every <c>.cs</c> file under <paramref name="folder"/> but build output, parsed.</summary>
    public static IReadOnlyList<SyntaxTree> Parse(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f))];

    /// <summary>The methods under <paramref name="folder"/> carrying <c>[Function(...)]</c>, with their gate and trigger.</summary>
    public static IReadOnlyList<FunctionDeclaration> Functions(string folder) =>
        [.. Parse(folder)
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Select(Function)
            .OfType<FunctionDeclaration>()];

    /// <summary>Every attribute in <paramref name="trees"/>, by its name without the <c>Attribute</c> suffix.</summary>
    public static IEnumerable<AttributeSyntax> Attributes(IEnumerable<SyntaxTree> trees, string name) =>
        trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<AttributeSyntax>()).Where(a => NameOf(a) == name);

    /// <summary>The member <paramref name="expression"/> names on <paramref name="type"/> (<c>Routes.Ticket</c>, <c>Web.Routes.Ticket</c> → <c>Ticket</c>); null for anything else.</summary>
    public static string? MemberOf(ExpressionSyntax expression, string type) =>
        expression is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } access
        && access.Expression switch
        {
            IdentifierNameSyntax id => id.Identifier.Text == type,
            MemberAccessExpressionSyntax { Name.Identifier.Text: var last } => last == type,
            _ => false,
        }
            ? member.Identifier.Text
            : null;

    /// <summary>The value of a string literal; null for any other expression.</summary>
    public static string? Literal(ExpressionSyntax expression) =>
        expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;

    private static FunctionDeclaration? Function(MethodDeclarationSyntax method)
    {
        var attributes = method.AttributeLists.SelectMany(l => l.Attributes).ToList();
        if (attributes.FirstOrDefault(a => NameOf(a) == "Function")?.ArgumentList?.Arguments is not [var nameArgument, ..])
        {
            return null;
        }

        var gate = attributes.FirstOrDefault(a => NameOf(a) == "Gated")?.ArgumentList?.Arguments is [var gateArgument, ..]
            ? MemberOf(gateArgument.Expression, "Gate")
            : null;
        var trigger = method.ParameterList.Parameters
            .SelectMany(p => p.AttributeLists.SelectMany(l => l.Attributes))
            .FirstOrDefault(a => NameOf(a).EndsWith("Trigger", StringComparison.Ordinal));
        return new FunctionDeclaration(FunctionName(nameArgument.Expression), gate, trigger is null ? null : TriggerAttribute.Of(trigger));
    }

    /// <summary><c>"X"</c> and <c>nameof(A.X)</c> name the function X; anything else by its text.</summary>
    private static string FunctionName(ExpressionSyntax expression) => expression switch
    {
        _ when Literal(expression) is { } literal => literal,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" }, ArgumentList.Arguments: [var argument] } =>
            argument.Expression is MemberAccessExpressionSyntax member ? member.Name.Identifier.Text : argument.Expression.ToString(),
        _ => expression.ToString(),
    };

    internal static string NameOf(AttributeSyntax attribute)
    {
        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.Text,
            SimpleNameSyntax simple => simple.Identifier.Text,
            _ => attribute.Name.ToString(),
        };
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name[..^"Attribute".Length] : name;
    }
}

/// <param name="Gate">The member of <c>Gate</c> its <c>[Gated(...)]</c> names; null without one.</param>
public sealed record FunctionDeclaration(string Name, string? Gate, TriggerAttribute? Trigger);

/// <summary>A trigger attribute (<c>HttpTrigger</c>, <c>TimerTrigger</c>, <c>ServiceBusTrigger</c>) with its positional and named arguments.</summary>
public sealed record TriggerAttribute(string Kind, IReadOnlyList<ExpressionSyntax> Positional, IReadOnlyDictionary<string, ExpressionSyntax> Named)
{
    public static TriggerAttribute Of(AttributeSyntax attribute)
    {
        var arguments = attribute.ArgumentList?.Arguments ?? default;
        return new TriggerAttribute(
            FunctionsAppSource.NameOf(attribute),
            [.. arguments.Where(a => a.NameEquals is null && a.NameColon is null).Select(a => a.Expression)],
            arguments.Where(a => a.NameEquals is not null).ToDictionary(a => a.NameEquals!.Name.Identifier.Text, a => a.Expression, StringComparer.Ordinal));
    }

    /// <summary>The string literals among the positional arguments: an HTTP trigger's methods, a timer's schedule.</summary>
    public IReadOnlyList<string> Literals => [.. Positional.Select(FunctionsAppSource.Literal).OfType<string>()];
}
