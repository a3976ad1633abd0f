using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Support.Adapters.Storage;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.IntegrationTests.Email;
using Support.Local.Azurite;
using Support.Local.Hosting;
using Xunit;

namespace Support.IntegrationTests.Capacity;

/// <summary>
/// The capacity model in docs/capacity.md counts what one operation of each kind costs: its storage requests by method
/// and table (or blob container), its queue sends (Service Bus messages in Azure) and its mails. This runs one of each
/// through a host of its own (its own Azurite, no timer due, the sample roster at work whenever it runs) and compares what the host's storage clients really sent with the model's table, so the model cannot drift
/// from the code. The roster read is left out: it is cached, one read per instance per few seconds, whatever the load.
/// </summary>
public sealed class CapacityModelTests : IAsyncLifetime
{
    private const string InboundKey = "capacity-inbound-key";
    private const string Begin = "<!-- capacity-model:begin -->";
    private const string End = "<!-- capacity-model:end -->";

    private AzuriteServer? _azurite;
    private LocalHostFactory? _host;

    private LocalHostFactory Host => _host!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteServer.StartScratchAsync(log: null, Cancel);
        // Midnight, fourteen hours after the clock's start: no timer runs while the test does.
        var never = "0 0 0 * * *";
        _host = new LocalHostFactory(_azurite.Endpoints.ConnectionString, new Dictionary<string, string?>
        {
            ["InboundEmailKey"] = InboundKey,
            ["Local:SeedRoster"] = "true",
            ["SlaSweepSchedule"] = never,
            ["PendingAutoCloseSchedule"] = never,
            ["WelcomeMailSchedule"] = never,
            ["RotationHandoffSchedule"] = never,
            ["VoicemailSweepSchedule"] = never,
            ["DailyDigestSchedule"] = never,
        });
        _ = _host.Server;

        // Everyone at work from an hour ago for twelve hours, so the assignment takes the same path whenever this runs.
        var rosters = _host.Services.GetRequiredService<IRosterStore>();
        var current = await rosters.GetForEditAsync(Cancel);
        var from = TimeOnly.FromDateTime(DateTime.UtcNow.AddHours(-1));
        var shift = Enum.GetValues<DayOfWeek>().Select(d => new WorkingHours(d, from, from.AddHours(12))).ToList();
        var roster = current.Roster with { People = [.. current.Roster.People.Select(p => p with { TimeZone = "UTC", WorkingHours = shift })] };
        Assert.Equal(RosterSaveStatus.Saved, (await rosters.SaveAsync(roster, "integration:tests", current.ETag, Cancel)).Status);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task One_operation_of_each_kind_costs_what_the_capacity_model_says()
    {
        var roundTrips = Host.Services.GetRequiredService<StorageRoundTrips>();
        roundTrips.TallyByTargets();
        var tickets = new TableTicketStore(new TableServiceClient(_azurite!.Endpoints.ConnectionString));
        var client = Host.CreateClient();
        var staff = await Host.CreateSignedInClientAsync("amira");
        var observed = new List<(string Operation, string Request, long Count)>();

        async Task MeasureAsync(string operation, Func<Task<string>> act, Func<Ticket, bool> done)
        {
            await QuietAsync(roundTrips);
            roundTrips.Reset();
            var mailsBefore = await MailCountAsync(client);
            var reference = await act();
            await Eventually.GetAsync(async () => await tickets.GetAsync(reference, Cancel) is { } t && done(t) ? t : null, $"{operation} on {reference}");
            await QuietAsync(roundTrips);
            observed.AddRange(Requests(roundTrips).Select(r => (operation, r.Request, r.Count)));
            if (await MailCountAsync(client) - mailsBefore is var mails and > 0)
            {
                observed.Add((operation, "mail", mails));
            }
        }

        // The first ticket creates the tables' first rows and fills the caches: not what a ticket costs.
        var warmUp = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form(Api.UniqueEmail("warm"))));
        await Eventually.GetAsync(async () => await tickets.GetAsync(warmUp, Cancel) is { } t && Has(t, TimelineEventTypes.Acknowledged) ? t : null, "warm-up");

        await MeasureAsync(
            "web ticket",
            async () => await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form(Api.UniqueEmail()))),
            t => Has(t, TimelineEventTypes.Acknowledged));

        var customer = Api.UniqueEmail("mail");
        var messageId = InboundMail.MessageId();
        var mailTicket = string.Empty;
        await MeasureAsync(
            "email ticket",
            async () => mailTicket = await InboundMail.ReferenceOf(await InboundMail.PostAsync(client, InboundMail.RawContent(InboundMail.Compose(customer, "Invoice shows the wrong VAT", "Please correct it.", messageId)), InboundKey)),
            t => Has(t, TimelineEventTypes.Acknowledged));

        await MeasureAsync(
            "email reply",
            async () =>
            {
                await InboundMail.PostAsync(client, InboundMail.RawContent(InboundMail.Compose(customer, "Re: Invoice shows the wrong VAT", "The order is 4711.", InboundMail.MessageId(), inReplyTo: messageId)), InboundKey);
                return mailTicket;
            },
            t => Has(t, TimelineEventTypes.CustomerMessage));

        await MeasureAsync(
            "staff reply",
            async () =>
            {
                await StaffAsync(staff, HttpMethod.Post, $"/api/tickets/{mailTicket}/replies", new { body = "We sent a corrected invoice." }, mailTicket);
                return mailTicket;
            },
            t => t.Timeline.Any(e => e.Type == TimelineEventTypes.StaffReply));

        await MeasureAsync(
            "status change",
            async () =>
            {
                await StaffAsync(staff, HttpMethod.Patch, $"/api/tickets/{mailTicket}", new { status = "solved" }, mailTicket);
                return mailTicket;
            },
            t => t.Status == TicketStatus.Solved);

        var model = ModelTable();
        var actual = Format(observed);
        Assert.True(model == actual, $"docs/capacity.md says:\n{model}\nthe code does:\n{actual}");
    }

    /// <summary>A staff change as the console makes it: the ticket read for its ETag, then the change with If-Match.</summary>
    private static async Task StaffAsync(HttpClient staff, HttpMethod method, string path, object body, string reference)
    {
        using var read = await staff.GetAsync($"/api/tickets/{reference}", Cancel);
        read.EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        using var response = await staff.SendAsync(request, Cancel);
        response.EnsureSuccessStatusCode();
    }

    private static bool Has(Ticket ticket, string type) => ticket.Timeline.Any(e => e.Type == type);

    private static async Task<int> MailCountAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonArray>("/_dev/mail", Cancel))!.Count;

    /// <summary>
    /// Table and blob requests by method and target (the roster's cached read left out), and queue sends by queue:
    /// in Azure the queues are Service Bus, whose receives and completes follow from the sends.
    /// </summary>
    private static IEnumerable<(string Request, long Count)> Requests(StorageRoundTrips roundTrips) =>
        roundTrips.Tables.ByTarget.Concat(roundTrips.Blobs.ByTarget)
            .Where(t => t.Key != $"GET {TableNames.Config}")
            .Select(t => (t.Key, t.Value.Count))
            .Concat(roundTrips.Queues.ByTarget.Where(t => t.Key.StartsWith("POST ", StringComparison.Ordinal)).Select(t => ("send " + t.Key[5..], t.Value.Count)));

    /// <summary>Until the host has sent nothing but queue polls for a second and a half: every step of the operation is done.</summary>
    private static async Task QuietAsync(StorageRoundTrips roundTrips)
    {
        long Work() => roundTrips.Storage + roundTrips.Queues.ByTarget.Where(t => !t.Key.StartsWith("GET ", StringComparison.Ordinal)).Sum(t => t.Value.Count);
        var before = Work();
        while (true)
        {
            await Task.Delay(1500, Cancel);
            var now = Work();
            if (now == before)
            {
                return;
            }

            before = now;
        }
    }

    private static string ModelTable()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot.Find(), "docs", "capacity.md"));
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/capacity.md has no {Begin} … {End} table");
        var rows = text[(start + Begin.Length)..end].Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith('|') && !l.StartsWith("| operation", StringComparison.Ordinal) && !l.StartsWith("| ---", StringComparison.Ordinal))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray())
            .Select(c => (c[0], c[1], long.Parse(c[2], System.Globalization.CultureInfo.InvariantCulture)));
        return Format(rows);
    }

    private static string Format(IEnumerable<(string Operation, string Request, long Count)> rows)
    {
        var text = new StringBuilder("| operation | request | count |\n| --- | --- | --- |\n");
        foreach (var (operation, request, count) in rows.OrderBy(r => r.Operation, StringComparer.Ordinal).ThenBy(r => r.Request, StringComparer.Ordinal))
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {operation} | `{request}` | {count} |\n");
        }

        return text.ToString();
    }
}
