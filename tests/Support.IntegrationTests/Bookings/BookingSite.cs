using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Support.IntegrationTests.Reliability;
using Support.Local.Hosting;
using Xunit;

namespace Support.IntegrationTests.Bookings;

/// <summary>
/// A local host of its own with its own Azurite and the clock in the test's hands: bookings are laid on the roster's
/// hours from "now", and sessions on a moved clock must not meet the shared host's tickets or timers.
/// </summary>
public sealed partial class BookingSite : IAsyncDisposable
{
    /// <summary>Monday 1 March 2027, 06:00 UTC.</summary>
    public static readonly DateTimeOffset Monday = new(2027, 3, 1, 6, 0, 0, TimeSpan.Zero);

    private readonly OwnStorage _storage;

    private BookingSite(OwnStorage storage, FakeTimeProvider time)
    {
        _storage = storage;
        Time = time;
        Host = new LocalHostFactory(storage.ConnectionString)
        {
            ConfigureTestServices = services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(time);
                services.Remove(services.Single(d => d.ImplementationType == typeof(ScheduledJobRunner)));
            },
        };
    }

    public FakeTimeProvider Time { get; }

    public LocalHostFactory Host { get; }

    public static async Task<BookingSite> StartAsync() => new(await OwnStorage.StartAsync(), new FakeTimeProvider(Monday));

    /// <summary>The booking page's free times (UTC, as the form posts them), earliest first.</summary>
    public static IReadOnlyList<DateTimeOffset> Times(string html) =>
        [.. StartValue().Matches(html).Select(m => DateTimeOffset.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    public async Task<string> PageAsync(string query = "")
    {
        var response = await Host.CreateClient().GetAsync("/api/book" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts the booking form as a browser without script does.</summary>
    public async Task<(HttpStatusCode Status, string Html)> PostAsync(string path, IDictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.ParseAdd("text/html");
        var response = await Host.CreateClient().SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static Dictionary<string, string> Form(string kind, DateTimeOffset start, string email, string zone = "Europe/London", string phone = "+44 20 7946 0958") => new()
    {
        ["kind"] = kind,
        ["start"] = start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        ["name"] = "Ada Lovelace",
        ["email"] = email,
        ["phone"] = phone,
        ["note"] = "Setting up the account.",
        ["tz"] = zone,
    };

    public Task<IReadOnlyList<JsonObject>> MailsToAsync(string address) => Api.MailsToAsync(Host.CreateClient(), address);

    public async Task<IReadOnlyList<JsonObject>> AllMailsAsync() =>
        [.. (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonArray>(Host.CreateClient(), "/_dev/mail"))!.Select(m => m!.AsObject())];

    /// <summary>The link labelled <paramref name="label"/> in a mail's HTML, as a path and query on this host.</summary>
    public static string Link(JsonObject mail, string label)
    {
        var match = Regex.Match(mail["html"]!.GetValue<string>(), "<a href=\"([^\"]+)\">" + Regex.Escape(label) + "</a>");
        Assert.True(match.Success, $"no link '{label}' in {mail["subject"]}");
        var url = new Uri(WebUtility.HtmlDecode(match.Groups[1].Value));
        return url.PathAndQuery;
    }

    /// <summary>The signed token in a link's query.</summary>
    public static string Token(string pathAndQuery, string name) =>
        Uri.UnescapeDataString(Regex.Match(pathAndQuery, name + "=([^&]+)").Groups[1].Value);

    public static Ical.Net.Calendar Invitation(JsonObject mail)
    {
        var attachment = mail["attachments"]!.AsArray().Single()!.AsObject();
        Assert.Equal("invite.ics", attachment["fileName"]!.GetValue<string>());
        Assert.StartsWith("text/calendar", attachment["type"]!.GetValue<string>(), StringComparison.Ordinal);
        return Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(attachment["content"]!.GetValue<string>())))!;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _storage.DisposeAsync();
    }

    [GeneratedRegex("name=\"start\" id=\"[^\"]+\" value=\"([^\"]+)\"")]
    private static partial Regex StartValue();
}
