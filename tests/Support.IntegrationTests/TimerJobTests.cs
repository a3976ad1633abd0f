using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Support.Core.AutoClose;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Tickets;
using Support.Core.Sla;
using Support.Core.Welcome;
using Support.IntegrationTests.Reliability;
using Support.Local.Hosting;
using Xunit;

namespace Support.IntegrationTests;

/// <summary>
/// The timers through the local host on real Azurite, with the clock in the test's hands. Each test
/// has its own Azurite and host: jobs run on a moved clock act on every ticket in storage, so
/// sharing storage with tests on the real clock would have each act on the other's tickets. The
/// host's own timer runner is removed; the test runs the jobs from the host's service provider.
/// </summary>
public sealed class TimerJobTests
{
    /// <summary>Wednesday 4 June 2025, 10:00 in London, inside the default region's business hours.</summary>
    private static readonly DateTimeOffset WednesdayMorning = new(2025, 6, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(WednesdayMorning);

    [Fact]
    public async Task A_web_ticket_breaches_its_first_response_then_pending_is_nudged_solved_and_closed()
    {
        await using var storage = await OwnStorage.StartAsync();
        await using var host = Host(storage.ConnectionString);
        var client = host.CreateClient();
        var staff = host.CreateStaffClient();
        var email = Api.UniqueEmail();

        var reference = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form(email)));
        var ticket = await Api.TicketWithEventAsync(staff, reference, "acknowledged");
        var assignee = ticket["assignee"]!.GetValue<string>();
        var firstResponseDue = SlaTarget(ticket, SlaTargets.FirstResponse)["due"]!.GetValue<DateTimeOffset>();

        _time.SetUtcNow(firstResponseDue.AddMinutes(1));
        Assert.Equal(1, await host.Services.GetRequiredService<SlaSweep>().SweepAsync(false, CancellationToken.None));
        await host.Services.GetRequiredService<SlaDueHandler>().HandleAsync(reference, CancellationToken.None);

        ticket = (await Api.TicketAsync(staff, reference))!;
        var breached = SlaTarget(ticket, SlaTargets.FirstResponse);
        Assert.True(breached["breached"]!.GetValue<bool>());
        Assert.Equal(_time.GetUtcNow(), breached["breachedAt"]!.GetValue<DateTimeOffset>());
        Assert.Single(Events(ticket, TimerEventTypes.SlaBreached), e => e["details"]!["target"]!.GetValue<string>() == SlaTargets.FirstResponse);
        var roster = await host.Services.GetRequiredService<IRosterStore>().GetAsync(CancellationToken.None);
        var breachMails = await Eventually.GetAsync(
            async () =>
            {
                var mails = await Api.MailsToAsync(client, roster.Find(assignee)!.Email);
                var found = mails.Where(m => m["subject"]!.GetValue<string>().Contains($"[{reference}] SLA breached: first response", StringComparison.Ordinal)).ToList();
                return found.Count > 0 ? found : null;
            },
            "the assignee's breach mail");
        Assert.Single(breachMails);

        // The assignee asks the customer for more and the ticket waits on them.
        await host.Services.GetRequiredService<TicketWriter>().UpdateAsync(
            reference,
            t => t.Ticket.RecordStaffMessage(assignee, "integration-ask", "Could you send the logs?", internalNote: false, TicketStatus.Pending, _time.GetUtcNow()),
            CancellationToken.None);
        var autoClose = host.Services.GetRequiredService<PendingAutoClose>();

        _time.Advance(TimeSpan.FromDays(3));
        await autoClose.RunAsync(false, CancellationToken.None);
        await autoClose.RunAsync(false, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(2));
        await autoClose.RunAsync(false, CancellationToken.None);
        Assert.Equal("solved", (await Api.TicketAsync(staff, reference))!["status"]!.GetValue<string>());
        _time.Advance(TimeSpan.FromDays(4));
        await autoClose.RunAsync(false, CancellationToken.None);

        ticket = (await Api.TicketAsync(staff, reference))!;
        Assert.Equal("closed", ticket["status"]!.GetValue<string>());
        Assert.Single(Events(ticket, TimerEventTypes.PendingNudged));
        Assert.Single(Events(ticket, TimerEventTypes.AutoSolvedNotified));
        var toCustomer = (await Api.MailsToAsync(client, email)).Select(m => m["subject"]!.GetValue<string>()).ToList();
        Assert.Equal(3, toCustomer.Count);
        Assert.Single(toCustomer, s => s.StartsWith($"[{reference}] Still need help?", StringComparison.Ordinal));
        Assert.Single(toCustomer, s => s.StartsWith($"[{reference}] Solved:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signup_gets_one_welcome_mail_after_the_delay()
    {
        await using var storage = await OwnStorage.StartAsync();
        await using var host = Host(storage.ConnectionString);
        var staff = host.CreateStaffClient();
        var email = Api.UniqueEmail("new");
        var signup = new { email, name = "Nia\r\nBcc: someone@example.net", plan = "Team" };

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().PostAsJsonAsync("/api/signups", signup)).StatusCode);
        var invalid = await staff.PostAsJsonAsync("/api/signups", new { email = "nope", plan = "Team" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("email") && errors.ContainsKey("name"));
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync("/api/signups", signup)).StatusCode);
        var again = await staff.PostAsJsonAsync("/api/signups", signup);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("waiting", (await again.Content.ReadFromJsonAsync<JsonObject>())!["welcome"]!.GetValue<string>());

        var job = host.Services.GetRequiredService<WelcomeMail>();
        _time.Advance(TimeSpan.FromMinutes(10));
        await Task.WhenAll(job.RunAsync(false, CancellationToken.None), job.RunAsync(false, CancellationToken.None));
        await job.RunAsync(false, CancellationToken.None);

        var mail = Assert.Single(await Api.MailsToAsync(host.CreateClient(), email));
        Assert.Contains("/api/book?kind=onboarding", mail["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var stored = await host.Services.GetRequiredService<ISignupStore>().GetAsync(email, CancellationToken.None);
        Assert.True(stored!.IsWelcomed);
        Assert.Equal("Nia Bcc: someone@example.net", stored.Name);
    }

    private LocalHostFactory Host(string connectionString) => new(connectionString)
    {
        ConfigureTestServices = services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(_time);
            services.Remove(services.Single(d => d.ImplementationType == typeof(ScheduledJobRunner)));
        },
    };

    private static JsonObject SlaTarget(JsonObject ticket, string name) =>
        ticket["sla"]!.AsArray().Select(t => t!.AsObject()).Single(t => t["name"]!.GetValue<string>() == name);

    private static IEnumerable<JsonObject> Events(JsonObject ticket, string type) =>
        ticket["timeline"]!.AsArray().Select(e => e!.AsObject()).Where(e => e["type"]!.GetValue<string>() == type);
}
