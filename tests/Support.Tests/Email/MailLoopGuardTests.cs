using Support.Core.Email;
using Support.Core.Ports;
using Xunit;

namespace Support.Tests.Email;

public sealed class MailLoopGuardTests
{
    private static readonly MailLoopGuard Guard = EmailFixtures.LoopGuard;

    [Theory]
    [InlineData("gmail-reply.eml", MailKind.Person)]
    [InlineData("outlook-reply.eml", MailKind.Person)]
    [InlineData("apple-mail-reply.eml", MailKind.Person)]
    [InlineData("html-only.eml", MailKind.Person)]
    [InlineData("forwarded.eml", MailKind.Person)]
    [InlineData("many-recipients.eml", MailKind.Person)]
    [InlineData("out-of-office.eml", MailKind.AutoReply)]
    [InlineData("bounce.eml", MailKind.Bounce)]
    public void Fixtures_are_classified(string fixture, MailKind expected)
    {
        Assert.Equal(expected, Guard.Classify(EmailFixtures.ParseRaw(fixture)).Kind);
    }

    [Theory]
    [InlineData("auto-generated", MailKind.AutoReply)]
    [InlineData("auto-replied; owner-email=\"ann@example.com\"", MailKind.AutoReply)]
    [InlineData("auto-notified", MailKind.AutoReply)]
    [InlineData("no", MailKind.Person)]
    [InlineData("No ", MailKind.Person)]
    public void Auto_submitted_other_than_no_is_automatic(string value, MailKind expected)
    {
        var email = Person() with { LoopHeaders = new LoopHeaders { AutoSubmitted = value } };

        Assert.Equal(expected, Guard.Classify(email).Kind);
    }

    [Theory]
    [InlineData("bulk", MailKind.Bulk)]
    [InlineData("junk", MailKind.Bulk)]
    [InlineData("List", MailKind.Bulk)]
    [InlineData("auto_reply", MailKind.AutoReply)]
    [InlineData("first-class", MailKind.Person)]
    public void Precedence_marks_lists_and_auto_replies(string value, MailKind expected)
    {
        var email = Person() with { LoopHeaders = new LoopHeaders { Precedence = value } };

        Assert.Equal(expected, Guard.Classify(email).Kind);
    }

    [Fact]
    public void X_autoreply_and_x_autorespond_are_auto_replies()
    {
        Assert.Equal(MailKind.AutoReply, Guard.Classify(Person() with { LoopHeaders = new LoopHeaders { XAutoreply = true } }).Kind);
        Assert.Equal(MailKind.AutoReply, Guard.Classify(Person() with { LoopHeaders = new LoopHeaders { XAutorespond = true } }).Kind);
    }

    [Theory]
    [InlineData("mailer-daemon@mx.example.net")]
    [InlineData("postmaster@example.org")]
    [InlineData("noreply@shop.example.com")]
    [InlineData("no-reply@accounts.example.com")]
    [InlineData("noreply+orders@shop.example.com")]
    public void Unread_sender_addresses_are_automated(string sender)
    {
        var verdict = Guard.Classify(Person() with { From = new MailAddress(sender) });

        Assert.Equal(MailKind.AutomatedSender, verdict.Kind);
        Assert.False(verdict.MayAcknowledge);
        Assert.False(verdict.MayReopen);
    }

    [Fact]
    public void Our_own_message_id_coming_back_is_own_mail()
    {
        var verdict = Guard.Classify(Person() with { MessageId = "SUP-7K3Q9F.ack@support.example.com" });

        Assert.Equal(MailKind.OwnMail, verdict.Kind);
    }

    [Fact]
    public void A_person_may_be_acknowledged_and_may_reopen()
    {
        var verdict = Guard.Classify(Person());

        Assert.True(verdict.MayAcknowledge);
        Assert.True(verdict.MayReopen);
    }

    private static ParsedEmail Person() => EmailFixtures.ParseRaw("html-only.eml");
}

public sealed class AcknowledgementRateLimitTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 19, 12, 0, 0, TimeSpan.Zero);
    private readonly AcknowledgementRateLimit _limit = AcknowledgementRateLimit.Default;

    [Fact]
    public void Three_acknowledgements_per_clock_hour()
    {
        Assert.Equal(3, _limit.MaxPerWindow);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 12, 0, 0, TimeSpan.Zero), _limit.WindowOf(Now.AddMinutes(59).AddSeconds(59)));
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 13, 0, 0, TimeSpan.Zero), _limit.WindowOf(Now.AddHours(1)));
    }

    [Fact]
    public void The_window_is_the_same_hour_whatever_the_offset_the_time_is_written_in()
    {
        var berlin = new DateTimeOffset(2026, 11, 19, 13, 30, 0, TimeSpan.FromHours(1));

        Assert.Equal(Now, _limit.WindowOf(berlin));
    }
}
