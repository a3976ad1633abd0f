using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Ports;
using Xunit;

namespace Support.Tests.Email;

public sealed class EmailInquiryTests
{
    [Fact]
    public void Requester_subject_body_and_participants_come_from_the_mail()
    {
        var email = EmailFixtures.ParseRaw("outlook-reply.eml");

        var submission = EmailInquiry.ToSubmission(email, LoopVerdict.Person, EmailFixtures.Mail);

        Assert.Equal(Channel.Email, submission.Channel);
        Assert.Equal(new Requester("Bob Smith", "bob.smith@contoso.com", null), submission.Requester);
        Assert.Equal("RE: [SUP-4HXM2P] We received your request: Invoice question", submission.Subject);
        Assert.Equal(email.NewText, submission.Body);
        Assert.Equal(["carol.white@contoso.com"], submission.Participants);
        Assert.Equal("email:AM9PR01MB7123ABCDEF0123456789@AM9PR01MB7123.eurprd01.prod.outlook.com", submission.DedupeKey);
        Assert.Equal("AM9PR01MB7123ABCDEF0123456789@AM9PR01MB7123.eurprd01.prod.outlook.com", submission.Attributes[EmailInquiry.Keys.MessageId]);
        Assert.Equal("AM9PR01MB7123FIRST000000001@AM9PR01MB7123.eurprd01.prod.outlook.com", submission.Attributes[EmailInquiry.Keys.InReplyTo]);
        Assert.Equal("false", submission.Attributes[EmailInquiry.Keys.AutoReply]);
    }

    [Fact]
    public void Reply_to_is_the_requester_and_the_sender_a_participant()
    {
        var email = EmailFixtures.ParseRaw("html-only.eml") with
        {
            From = new MailAddress("orders@shop.example.com", "Web Shop"),
            ReplyTo = new MailAddress("gina.buyer@example.net", "Gina Buyer"),
        };

        var submission = EmailInquiry.ToSubmission(email, LoopVerdict.Person, EmailFixtures.Mail);

        Assert.Equal(new Requester("Gina Buyer", "gina.buyer@example.net", null), submission.Requester);
        Assert.Equal(["orders@shop.example.com"], submission.Participants);
    }

    [Fact]
    public void Our_own_addresses_are_never_participants()
    {
        var email = EmailFixtures.ParseRaw("many-recipients.eml") with
        {
            Cc = [new MailAddress("support+sup-7k3q9f@example.com"), new MailAddress("ann@example.org")],
        };

        var submission = EmailInquiry.ToSubmission(email, LoopVerdict.Person, EmailFixtures.Mail);

        Assert.DoesNotContain(submission.Participants, p => p.StartsWith("support", StringComparison.Ordinal));
        Assert.Contains("ann@example.org", submission.Participants);
        Assert.Equal(151, submission.Participants.Count);
    }

    [Fact]
    public void Links_and_loop_facts_are_attributes()
    {
        var email = EmailFixtures.ParseRaw("attachments.eml");
        var verdict = new LoopVerdict(MailKind.Bulk, "Precedence: bulk");

        var submission = EmailInquiry.ToSubmission(email, verdict, EmailFixtures.Mail, linkedTo: "SUP-7K3Q9F");

        Assert.Equal("SUP-7K3Q9F", submission.Attributes[EmailInquiry.Keys.LinkedTo]);
        Assert.Equal("bulk", submission.Attributes[EmailInquiry.Keys.MailKind]);
        Assert.Equal("true", submission.Attributes[EmailInquiry.Keys.AutoReply]);
        Assert.Equal("3", submission.Attributes[EmailInquiry.Keys.Attachments]);
    }

    [Fact]
    public void Without_a_message_id_the_dedupe_key_is_a_content_hash_stable_across_retries()
    {
        var email = EmailFixtures.ParseRaw("html-only.eml") with { MessageId = null };

        var first = EmailInquiry.DedupeKey(email);

        Assert.StartsWith("email:content:", first, StringComparison.Ordinal);
        Assert.Equal(first, EmailInquiry.DedupeKey(EmailFixtures.ParseDefault("html-only.eml") with { MessageId = null }));
        Assert.NotEqual(first, EmailInquiry.DedupeKey(email with { Text = "other" }));
    }

    [Fact]
    public void Html_only_mail_gets_its_converted_text_as_body_and_a_subject_placeholder_when_empty()
    {
        var email = EmailFixtures.ParseRaw("html-only.eml") with { Subject = "" };

        var submission = EmailInquiry.ToSubmission(email, LoopVerdict.Person, EmailFixtures.Mail);

        Assert.Equal("(no subject)", submission.Subject);
        Assert.StartsWith("Hello support,", submission.Body, StringComparison.Ordinal);
    }
}
