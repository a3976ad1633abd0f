using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Support.Core.Calendars;
using Support.Core.Mail;
using Support.Core.Voice;
using Support.Core.Welcome;
using Support.Tests.Functions;
using Support.Web;
using Xunit;

namespace Support.IntegrationTests.Links;

/// <summary>
/// Every link the mails write, followed in Support.Local and looked up among the Functions app's
/// HTTP routes (host.json's routePrefix and each trigger's route): a link must work in both hosts.
/// </summary>
public sealed partial class PublicLinkTests(AzuriteFixture env)
{
    private const string BaseUrl = "https://support.example.com";

    [Fact]
    public async Task Every_link_in_every_mail_resolves_in_the_local_host_and_among_the_Functions_routes()
    {
        var links = MailLinks();
        Assert.NotEmpty(links);

        var functionsRoutes = FunctionsRoutes();
        var client = env.Host.CreateClient();
        foreach (var link in links)
        {
            var uri = new Uri(link);
            Assert.Equal(BaseUrl, uri.GetLeftPart(UriPartial.Authority));

            using var response = await client.GetAsync(uri.AbsolutePath);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link}: Support.Local answered {(int)response.StatusCode}");
            Assert.True(functionsRoutes.Contains(uri.AbsolutePath), $"{link}: no Functions route {uri.AbsolutePath} among {string.Join(", ", functionsRoutes)}");
        }
    }

    /// <summary>The links of every mail that carries one: the ticket link (assignee, SLA, digest, staff mails) and the welcome mail's.</summary>
    private static List<string> MailLinks()
    {
        var site = Options.Create(new SiteOptions { PublicBaseUrl = BaseUrl + "/" });
        var composer = new MailComposer(Options.Create(new MailOptions()), site, Options.Create(new Support.Core.Bookings.BookingOptions()));
        var welcome = new WelcomeMailComposer(Options.Create(new MailOptions()), site, RegionPolicy.LoadEmbedded())
            .Compose(new Signup { Email = "nia@example.org", Name = "Nia", Plan = "Team", SignedUpAt = DateTimeOffset.UnixEpoch });

        return [.. new[] { composer.TicketLink("SUP-ABC123"), welcome.Text, welcome.Html }
            .SelectMany(text => Link().Matches(text).Select(m => m.Value))
            .Where(l => l.StartsWith(BaseUrl, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The Functions app's GET paths without parameters: host.json's routePrefix, then the route of each
    /// GET-only HTTP trigger on a <see cref="Routes"/> constant, read from the triggers' syntax trees (the app is
    /// compiled by the Functions kit, not here).
    /// </summary>
    private static HashSet<string> FunctionsRoutes()
    {
        var root = FindRepoRoot();
        var prefix = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(root, "host.json")))!["extensions"]!["http"]!["routePrefix"]!;
        var constants = typeof(Routes).GetFields().Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal);
        return [.. FunctionsAppSource.Functions(Path.Combine(root, "functions", "Support.Functions", "Triggers"))
            .Select(f => f.Trigger is { Kind: "HttpTrigger", Literals: ["get"] } trigger && trigger.Named.TryGetValue("Route", out var route)
                ? FunctionsAppSource.MemberOf(route, nameof(Routes))
                : null)
            .OfType<string>()
            .Select(name => $"/{prefix}/{constants[name]}")];
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "host.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("host.json not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex Link();
}
