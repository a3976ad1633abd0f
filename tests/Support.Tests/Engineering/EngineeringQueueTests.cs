using Microsoft.Extensions.DependencyInjection;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Engineering;
using Support.Core.Queues;
using Support.Core.Replies;
using Support.Core.Tickets;
using Support.Tests.Fakes;
using Xunit;

namespace Support.Tests.Engineering;

/// <summary>What the engineering queue is sent, as Service Bus's duplicate detection would see it.</summary>
public sealed class EngineeringQueueTests
{
    [Fact]
    public async Task A_feature_request_confirmed_soon_after_triage_owed_an_issue_is_queued_under_an_id_of_its_own_and_posted()
    {
        var harness = new PipelineHarness(settings: new Dictionary<string, string?>
        {
            ["GitHub:Owner"] = "acme",
            ["GitHub:Repository"] = "app",
            ["Discourse:BaseUrl"] = "https://forum.example/",
            ["Discourse:CategoryId"] = "5",
        });
        var accepted = await harness.Intake.AcceptAsync(
            harness.Submission(PipelineHarness.Form(subject: "Production is down", message: "Our production site is down for everyone: every page answers HTTP 500 since 09:00.")),
            CancellationToken.None);
        await harness.DrainAsync();
        var stored = (await harness.Store.LoadAsync(accepted.Reference, CancellationToken.None))!;
        Assert.NotNull(stored.Ticket.GitHub);

        stored.Ticket.Correct(Category.FeatureRequest, Severity.S3, "amira", harness.Time.GetUtcNow());
        await harness.Writer.SaveAsync(stored, CancellationToken.None);
        var current = (await harness.Store.LoadAsync(accepted.Reference, CancellationToken.None))!;
        var proposed = await harness.Services.GetRequiredService<EngineeringRequests>().ProposeAsync(accepted.Reference, current.ETag!, "amira", "Status page for outages", CancellationToken.None);
        Assert.IsType<TicketChanged>(proposed);

        Assert.Equal(
            [EngineeringMessage.IdFor(accepted.Reference), EngineeringMessage.ForumIdFor(accepted.Reference)],
            harness.Queue.Sent.Where(m => m.Queue == QueueNames.Engineering).Select(m => m.MessageId));
        await harness.DrainAsync();
        Assert.False((await harness.Store.GetAsync(accepted.Reference, CancellationToken.None))!.Forum!.Pending);
    }
}
