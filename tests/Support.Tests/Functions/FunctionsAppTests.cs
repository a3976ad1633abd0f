using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Support.Core.Queues;
using Xunit;

namespace Support.Tests.Functions;

/// <summary>
/// The Functions app's configuration and triggers, read as files and (its C#) as syntax trees
/// (<see cref="FunctionsAppSource"/>): the app itself compiles only with the functions kit, so these tests never reference it. <c>FunctionCatalogue</c> checks the same
/// wiring again when the app starts.
/// </summary>
public sealed class FunctionsAppTests
{
    private static readonly string Root = FindRepoRoot();
    private static readonly string AppDir = Path.Combine(Root, "functions", "Support.Functions");
    private static readonly JsonNode Host = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "host.json")))!;

    [Fact]
    public void Host_json_is_version_2_with_the_shared_route_prefix()
    {
        Assert.Equal("2.0", (string?)Host["version"]);
        Assert.Equal(Support.Web.Routes.Prefix, (string?)Host["extensions"]!["http"]!["routePrefix"]);
    }

    [Fact]
    public void Service_Bus_messages_are_settled_by_the_app_and_their_locks_outlive_any_run()
    {
        var serviceBus = Host["extensions"]!["serviceBus"]!;
        Assert.False((bool)serviceBus["autoCompleteMessages"]!);
        Assert.InRange((int)serviceBus["maxConcurrentCalls"]!, 1, 32);

        // Prefetched messages wait with locks nobody renews, and a lock that runs out costs a delivery attempt.
        Assert.Equal(0, (int)serviceBus["prefetchCount"]!);

        var renewal = TimeSpan.Parse((string)serviceBus["maxAutoLockRenewalDuration"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(renewal >= TimeSpan.FromMinutes(5), $"maxAutoLockRenewalDuration {renewal} is under 5 minutes");
        Assert.True(renewal >= FunctionTimeout(), "a message's lock must be renewed for as long as its function may run");
    }

    [Fact]
    public void Function_timeout_is_set_and_within_the_Flex_Consumption_grace()
    {
        var timeout = FunctionTimeout();
        Assert.InRange(timeout, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void The_broker_retries_Service_Bus_messages_so_the_host_does_not()
    {
        // A host-level retry would re-run a failed invocation while holding the message's lock; Service Bus redelivers instead.
        Assert.Null(Host["retry"]);
    }

    [Fact]
    public void Logging_keeps_function_logs_and_requests_and_quiets_the_rest()
    {
        var levels = Host["logging"]!["logLevel"]!;
        Assert.Equal("Warning", (string?)levels["default"]);
        Assert.Equal("Information", (string?)levels["Function"]);
        Assert.Equal("Information", (string?)levels["Host.Results"]);
    }

    [Fact]
    public void Sampling_never_drops_requests_or_exceptions()
    {
        var sampling = Host["logging"]!["applicationInsights"]!["samplingSettings"]!;
        Assert.True((bool)sampling["isEnabled"]!);
        var excluded = ((string)sampling["excludedTypes"]!).Split(';');
        Assert.Contains("Request", excluded);
        Assert.Contains("Exception", excluded);
    }

    [Fact]
    public void The_project_deploys_the_root_host_json() =>
        Assert.Contains("Include=\"../../host.json\"", File.ReadAllText(Path.Combine(AppDir, "Support.Functions.csproj")), StringComparison.Ordinal);

    [Fact]
    public void No_timer_runs_on_startup()
    {
        // A restart or scale-out would run every job again at once.
        var nodes = FunctionsAppSource.Parse(AppDir).SelectMany(t => t.GetRoot().DescendantNodes()).ToList();
        var inAttributes = nodes.OfType<AttributeArgumentSyntax>()
            .Where(a => a.NameEquals?.Name.Identifier.Text == "RunOnStartup" && !a.Expression.IsKind(SyntaxKind.FalseLiteralExpression));
        var assigned = nodes.OfType<AssignmentExpressionSyntax>()
            .Where(a => a.Left.ToString().EndsWith("RunOnStartup", StringComparison.Ordinal) && !a.Right.IsKind(SyntaxKind.FalseLiteralExpression));
        Assert.Empty(inAttributes);
        Assert.Empty(assigned);
    }

    [Fact]
    public void Every_queue_has_one_Service_Bus_trigger_that_settles_on_purpose()
    {
        var triggers = FunctionsAppSource.Attributes(FunctionsAppSource.Parse(AppDir), "ServiceBusTrigger").Select(TriggerAttribute.Of).ToList();
        var queues = triggers.Select(t => QueueConstant(FunctionsAppSource.MemberOf(t.Positional[0], nameof(QueueNames))!)).ToList();
        Assert.Equal(QueueNames.All.Order(StringComparer.Ordinal), queues.Order(StringComparer.Ordinal));
        Assert.All(triggers, t => Assert.True(t.Named.TryGetValue("AutoCompleteMessages", out var auto) && auto.IsKind(SyntaxKind.FalseLiteralExpression)));
    }

    [Fact]
    public void Every_shared_route_of_Support_Local_has_a_trigger_on_the_same_route()
    {
        // Routes.Local(Routes.X), wherever Support.Local maps a shared route.
        var local = FunctionsAppSource.Parse(Path.Combine(Root, "functions", "Support.Local", "Routes"))
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            .Where(i => i.Expression is MemberAccessExpressionSyntax call && FunctionsAppSource.MemberOf(call, "Routes") == "Local")
            .Select(i => i.ArgumentList.Arguments is [var argument] ? FunctionsAppSource.MemberOf(argument.Expression, "Routes") : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        // The two pages too: Support.Local serves them under the api prefix as well (besides / and /console).
        var functions = FunctionsAppSource.Functions(AppDir)
            .Select(f => f.Trigger is { Kind: "HttpTrigger" } trigger && trigger.Named.TryGetValue("Route", out var route) ? FunctionsAppSource.MemberOf(route, "Routes") : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(local);
        Assert.Equal(local.Order(StringComparer.Ordinal), functions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_http_answer_gets_the_security_headers_with_HSTS_before_any_gate_can_refuse()
    {
        var program = File.ReadAllText(Path.Combine(AppDir, "Program.cs"));
        var headers = program.IndexOf("builder.UseMiddleware<SecurityHeadersMiddleware>();", StringComparison.Ordinal);
        var gates = program.IndexOf("builder.UseMiddleware<GateMiddleware>();", StringComparison.Ordinal);

        Assert.InRange(headers, 0, gates - 1);
        Assert.Contains("SecurityHeaders.Apply(http.Response, strictTransport: true);", File.ReadAllText(Path.Combine(AppDir, "Hosting", "SecurityHeadersMiddleware.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_is_in_the_solution_but_not_in_the_local_build()
    {
        Assert.Contains(@"functions\Support.Functions\Support.Functions.csproj", File.ReadAllText(Path.Combine(Root, "Support.Functions.sln")), StringComparison.Ordinal);
        Assert.DoesNotContain("Support.Functions.csproj", File.ReadAllText(Path.Combine(Root, "Support.Local.slnf")), StringComparison.Ordinal);
    }

    private static TimeSpan FunctionTimeout() =>
        TimeSpan.Parse((string)Host["functionTimeout"]!, System.Globalization.CultureInfo.InvariantCulture);

    private static string QueueConstant(string field) =>
        (string)typeof(QueueNames).GetField(field, BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Support.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Support.Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
