using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Support.IntegrationTests.Reliability;

/// <summary>The host dies between pipeline steps; a new host on the same storage finishes every accepted inquiry once.</summary>
public sealed class CrashRecoveryTests
{
    private const int Inquiries = 6;

    private static readonly Dictionary<string, string?> Settings = new() { ["Queues:VisibilityTimeoutSeconds"] = "2" };

    [Fact]
    public Task Dying_after_intake_with_every_message_still_queued() =>
        CrashAndRecoverAsync(Faults.NoQueuePump, stepReached: null);

    [Fact]
    public Task Dying_while_triage_assigns_the_new_tickets_before_any_is_stored() =>
        CrashAndRecoverAsync(Faults.AssignmentHangs, stepReached: null);

    [Fact]
    public Task Dying_while_the_acknowledgements_are_being_sent() =>
        CrashAndRecoverAsync(Faults.MailHangs, stepReached: "assigned");

    private static async Task CrashAndRecoverAsync(Action<IServiceCollection> fault, string? stepReached)
    {
        await using var storage = await OwnStorage.StartAsync();
        var accepted = new List<(string Email, string Reference)>();

        var first = new LocalHostFactory(storage.ConnectionString, Settings) { ConfigureTestServices = fault };
        try
        {
            var client = first.CreateClient();
            for (var i = 0; i < Inquiries; i++)
            {
                var email = Api.UniqueEmail("crash");
                var response = await Api.PostWebAsync(client, Api.Form(email));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                accepted.Add((email, await Api.ReferenceOf(response)));
            }

            if (stepReached is not null)
            {
                var staff = first.CreateStaffClient();
                foreach (var (_, reference) in accepted)
                {
                    await Api.TicketWithEventAsync(staff, reference, stepReached);
                }
            }

            // The next step has taken its messages (and, for mail, claimed the mails) by now.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = new LocalHostFactory(storage.ConnectionString, Settings);
        foreach (var (email, reference) in accepted)
        {
            await Outcome.AssertExactlyOneTicketAndOneAcknowledgementAsync(second, email, reference, TimeSpan.FromSeconds(60));
        }
    }
}
