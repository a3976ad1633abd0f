using Support.Core.Domain;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Tests.Fakes;
using Support.Core.Tickets;
using Xunit;

namespace Support.Tests.Notifications;

/// <summary>A delivery that finds the acknowledgement claimed by another delivery.</summary>
public sealed class NotificationClaimTests
{
    [Fact]
    public async Task A_mail_claimed_by_a_delivery_that_died_is_sent_once_its_claim_lapses_even_when_the_message_returns_sooner()
    {
        var harness = new PipelineHarness();
        var (reference, inquiry) = await StoredWithAcknowledgementClaimedAsync(harness, "died-mid-send");

        var claimedAt = harness.Time.GetUtcNow();
        var redelivery = harness.Dispatcher.DispatchAsync(QueueNames.Inquiries, inquiry, CancellationToken.None);
        for (var waited = TimeSpan.Zero; !redelivery.IsCompleted && waited <= OwedMailRules.ClaimLease * 2; waited += TimeSpan.FromSeconds(1))
        {
            await Task.Delay(10);
            harness.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True((await redelivery).Completed);
        Assert.True(harness.Time.GetUtcNow() - claimedAt >= OwedMailRules.ClaimLease, "sent before the claim lapsed");
        Assert.Single(harness.Mail.Sent, m => m.To[0].Email == "ada@example.com");
        var ticket = (await harness.Store.GetAsync(reference, CancellationToken.None))!;
        Assert.Single(ticket.Timeline, e => e.Type == TimelineEventTypes.Acknowledged);
    }

    [Fact]
    public async Task A_mail_claimed_by_a_live_delivery_is_left_to_it_and_not_sent_twice()
    {
        var harness = new PipelineHarness();
        var (reference, inquiry) = await StoredWithAcknowledgementClaimedAsync(harness, "still-sending");

        var duplicate = harness.Dispatcher.DispatchAsync(QueueNames.Inquiries, inquiry, CancellationToken.None);
        await Task.Delay(10);
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        // The live delivery finishes: it records the mail as sent.
        await harness.Writer.UpdateAsync(reference, t =>
        {
            t.RecordMailSent(OwedMailRules.AcknowledgementKey, TimelineEventTypes.Acknowledged, "ada@example.com", "live", harness.Time.GetUtcNow());
            return true;
        }, CancellationToken.None);
        for (var i = 0; i < 5 && !duplicate.IsCompleted; i++)
        {
            await Task.Delay(10);
            harness.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True((await duplicate).Completed);
        Assert.DoesNotContain(harness.Mail.Sent, m => m.To[0].Email == "ada@example.com");
    }

    /// <summary>
    /// The state a delivery leaves when it created the ticket, claimed the acknowledgement and is still
    /// sending it (or died doing so); returns the inquiry message, for the redelivery.
    /// </summary>
    private static async Task<(string Reference, BinaryData Inquiry)> StoredWithAcknowledgementClaimedAsync(PipelineHarness harness, string claimId)
    {
        var result = await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None);
        var inquiry = (await harness.Store.GetInquiryAsync(result.Reference, CancellationToken.None))!;
        var ticket = StoredTicket.New(Ticket.Open(inquiry, harness.Time.GetUtcNow()));
        ticket.ClaimMail(OwedMailRules.AcknowledgementKey, claimId, harness.Time.GetUtcNow(), OwedMailRules.ClaimLease);
        Assert.True(await harness.Writer.TryCreateAsync(ticket, CancellationToken.None));
        return (result.Reference, harness.Queue.Sent.Single(s => s.Queue == QueueNames.Inquiries).Body);
    }
}
