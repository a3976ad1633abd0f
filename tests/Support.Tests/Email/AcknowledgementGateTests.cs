using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Intake;
using Support.Tests.Fakes;
using Xunit;

namespace Support.Tests.Email;

public sealed class AcknowledgementGateTests
{
    private readonly PipelineHarness _harness = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_fourth_email_ticket_from_one_address_within_an_hour_gets_no_acknowledgement()
    {
        for (var i = 0; i < 4; i++)
        {
            await _harness.Intake.AcceptAsync(Email($"m{i}@example.net"), Ct);
            _harness.Time.Advance(TimeSpan.FromMinutes(5));
        }

        await _harness.DrainAsync(times: 2);

        Assert.Equal(3, _harness.Mail.Sent.Count(m => m.Headers.GetValueOrDefault("Auto-Submitted") == "auto-replied"));
        var suppressed = (await _harness.Store.ListAsync(new Support.Core.Ports.TicketQuery(), Ct)).Items
            .SelectMany(t => t.Timeline).Where(e => e.Type == TimelineEventTypes.MailSuppressed).ToList();
        Assert.Contains("rate limit", Assert.Single(suppressed).Details["why"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_hour_later_the_address_is_acknowledged_again()
    {
        for (var i = 0; i < 3; i++)
        {
            await _harness.Intake.AcceptAsync(Email($"m{i}@example.net"), Ct);
        }

        await _harness.DrainAsync();
        _harness.Time.Advance(TimeSpan.FromMinutes(61));
        await _harness.Intake.AcceptAsync(Email("later@example.net"), Ct);
        await _harness.DrainAsync();

        Assert.Equal(4, _harness.Mail.Sent.Count(m => m.Headers.GetValueOrDefault("Auto-Submitted") == "auto-replied"));
    }

    [Fact]
    public async Task Mail_marked_not_to_be_acknowledged_is_not_and_the_reason_is_on_the_timeline()
    {
        var submission = Email("ooo@example.net");
        var accepted = await _harness.Intake.AcceptAsync(
            submission with { Attributes = new Dictionary<string, string>(submission.Attributes) { [EmailInquiry.Keys.NoAcknowledgement] = "Auto-Submitted: auto-replied" } }, Ct);

        await _harness.DrainAsync();

        var ticket = (await _harness.Store.GetAsync(accepted.Reference, Ct))!;
        Assert.Equal("Auto-Submitted: auto-replied", ticket.Timeline.Single(e => e.Type == TimelineEventTypes.MailSuppressed).Details["why"]);
        Assert.DoesNotContain(_harness.Mail.Sent, m => m.To.Any(t => t.Email == "ann@example.com"));
    }

    [Fact]
    public async Task Web_tickets_are_throttled_too_since_anyone_can_type_anyones_address_into_the_form()
    {
        for (var i = 0; i < 4; i++)
        {
            await _harness.Intake.AcceptAsync(_harness.Submission(PipelineHarness.Form("ann@example.com", $"Question {i}"), $"key-{i}"), Ct);
        }

        await _harness.DrainAsync();

        Assert.Equal(3, _harness.Mail.Sent.Count(m => m.To.Any(t => t.Email == "ann@example.com")));
    }

    [Fact]
    public async Task The_acknowledgement_of_an_email_ticket_answers_the_customers_mail()
    {
        await _harness.Intake.AcceptAsync(Email("first@example.net"), Ct);

        await _harness.DrainAsync();

        var ack = Assert.Single(_harness.Mail.Sent, m => m.To.Any(t => t.Email == "ann@example.com"));
        Assert.Equal("<first@example.net>", ack.Headers["In-Reply-To"]);
        Assert.Equal("<first@example.net>", ack.Headers["References"]);
    }

    private static InquirySubmission Email(string messageId) => new()
    {
        Channel = Channel.Email,
        Requester = new Requester("Ann", "ann@example.com", null),
        Subject = "Question " + messageId,
        Body = "Hello",
        DedupeKey = "email:" + messageId,
        Attributes = new Dictionary<string, string> { [EmailInquiry.Keys.MessageId] = messageId },
    };
}
