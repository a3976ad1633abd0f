using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Tests.Fakes;
using Xunit;

namespace Support.Tests.Queues;

/// <summary>
/// A SendGrid outage as the hosts live through it: every message goes through <see cref="QueueDelivery"/>
/// and is settled as it says (a retry comes back after its delay with the next attempt number, as the
/// scheduled copy in Azure and the hidden storage message locally do), on a fake clock.
/// </summary>
public sealed class OutageBackoffTests
{
    private static readonly string[] Requesters = ["ada@example.com", "grace@example.com", "alan@example.com", "edsger@example.com", "barbara@example.com"];

    [Fact]
    public void The_default_back_off_lasts_more_than_an_hour_and_starts_after_a_mail_claim_has_lapsed()
    {
        var retry = new RetryOptions();
        Assert.True(retry.TotalBackoff >= TimeSpan.FromHours(1), $"{retry.TotalBackoff}");
        Assert.True(retry.DelayAfter(1) > OwedMailRules.ClaimLease);
        var delays = Enumerable.Range(1, retry.MaxAttempts - 1).Select(a => retry.DelayAfter(a)!.Value).ToList();
        Assert.Equal(delays.Order(), delays);
        Assert.Null(retry.DelayAfter(retry.MaxAttempts));
    }

    [Fact]
    public async Task SendGrid_failing_for_an_hour_then_recovering_dead_letters_nothing_and_sends_every_mail_once()
    {
        var expected = await RunAsync(outage: TimeSpan.Zero);
        var run = await RunAsync(outage: TimeSpan.FromHours(1));

        Assert.Empty(run.DeadLetters);
        Assert.True(run.Retries > 0);
        Assert.Equal(run.Delivered.Count, run.Delivered.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Describe(expected.Delivered), Describe(run.Delivered));
        Assert.All(Requesters, email => Assert.Single(run.Delivered, m => m.To[0].Email == email));
        Assert.All(run.DeliveredAt, at => Assert.True(at >= run.Start + TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task An_outage_longer_than_the_back_off_dead_letters_with_the_reason_and_sends_nothing()
    {
        var run = await RunAsync(outage: TimeSpan.FromDays(1));

        var dead = Assert.Single(run.DeadLetters);
        Assert.Contains($"failed {new RetryOptions().MaxAttempts} times", dead, StringComparison.Ordinal);
        Assert.Contains("503", dead, StringComparison.Ordinal);
        Assert.Empty(run.Delivered);
    }

    [Fact]
    public async Task A_message_that_can_never_succeed_is_dead_lettered_on_its_first_delivery()
    {
        var harness = new PipelineHarness();
        var delivery = new QueueDelivery(harness.Dispatcher, Options.Create(new RetryOptions()), NullLogger<QueueDelivery>.Instance);

        var settlement = await delivery.HandleAsync(QueueNames.Inquiries, BinaryData.FromString("{\"not\":\"an inquiry\"}"), "m1", 1, CancellationToken.None);

        Assert.Equal(SettlementKind.DeadLetter, settlement.Kind);
        Assert.False(string.IsNullOrEmpty(settlement.Reason));
    }

    private static IEnumerable<string> Describe(IEnumerable<OutgoingMail> mails) =>
        mails.Select(m => $"{m.To[0].Email} {m.Subject} {m.MessageId}").Order(StringComparer.Ordinal);

    private sealed record Run(DateTimeOffset Start, List<OutgoingMail> Delivered, List<DateTimeOffset> DeliveredAt, List<string> DeadLetters, int Retries);

    private static async Task<Run> RunAsync(TimeSpan outage)
    {
        var harness = new PipelineHarness();
        var start = harness.Time.GetUtcNow();
        var delivered = new List<OutgoingMail>();
        var deliveredAt = new List<DateTimeOffset>();
        harness.Mail.Respond = mail =>
        {
            if (harness.Time.GetUtcNow() < start + outage)
            {
                // What SendGridMailSender throws for a 5xx or 429.
                throw new HttpRequestException("SendGrid answered 503; the message will be retried.", null, HttpStatusCode.ServiceUnavailable);
            }

            delivered.Add(mail);
            deliveredAt.Add(harness.Time.GetUtcNow());
            return MailSendResult.Sent;
        };

        foreach (var email in outage == TimeSpan.FromDays(1) ? Requesters.Take(1) : Requesters)
        {
            await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form(email: email)), CancellationToken.None);
        }

        var delivery = new QueueDelivery(harness.Dispatcher, Options.Create(new RetryOptions()), NullLogger<QueueDelivery>.Instance);
        var pending = new List<(DateTimeOffset VisibleAt, string Queue, BinaryData Body, int Attempt)>();
        var deadLetters = new List<string>();
        var retries = 0;
        while (true)
        {
            while (harness.Queue.TryTake(out var sent))
            {
                pending.Add((harness.Time.GetUtcNow(), sent.Queue, sent.Body, 1));
            }

            if (pending.Count == 0)
            {
                break;
            }

            var next = pending.MinBy(p => p.VisibleAt);
            pending.Remove(next);
            if (next.VisibleAt > harness.Time.GetUtcNow())
            {
                harness.Time.Advance(next.VisibleAt - harness.Time.GetUtcNow());
            }

            var settlement = await delivery.HandleAsync(next.Queue, next.Body, $"m{pending.Count}", next.Attempt, CancellationToken.None);
            switch (settlement.Kind)
            {
                case SettlementKind.Retry:
                    retries++;
                    pending.Add((harness.Time.GetUtcNow() + settlement.Delay, next.Queue, next.Body, settlement.NextAttempt));
                    break;
                case SettlementKind.DeadLetter:
                    deadLetters.Add(settlement.Reason!);
                    break;
            }
        }

        return new Run(start, delivered, deliveredAt, deadLetters, retries);
    }
}
