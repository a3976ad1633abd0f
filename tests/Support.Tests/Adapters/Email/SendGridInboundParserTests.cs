using System.Text;
using Support.Adapters.Email;
using Support.Core.Email;
using Support.Core.Ports;
using Support.Tests.Email;
using Xunit;

namespace Support.Tests.Adapters.Email;

public sealed class SendGridInboundParserTests
{
    public static TheoryData<string> BothModes => new() { "raw", "default" };

    private static ParsedEmail Parse(string name, string mode) =>
        mode == "raw" ? EmailFixtures.ParseRaw(name) : EmailFixtures.ParseDefault(name);

    [Theory]
    [MemberData(nameof(BothModes))]
    public void Gmail_reply_keeps_threading_headers_and_separates_the_quoted_acknowledgement(string mode)
    {
        var email = Parse("gmail-reply.eml", mode);

        Assert.Equal("CAJx8kq2Vr7Tn0=bd5gZ7Q@mail.gmail.com", email.MessageId);
        Assert.Equal("SUP-7K3Q9F.ack@support.example.com", email.InReplyTo);
        Assert.Equal(["SUP-7K3Q9F.ack@support.example.com"], email.References);
        Assert.Equal("ann.customer@gmail.com", email.From.Email);
        Assert.Equal("Ann Customer", email.From.Name);
        Assert.Equal(["support+sup-7k3q9f@example.com"], email.To.Select(a => a.Email));
        Assert.Equal("Re: [SUP-7K3Q9F] We received your request: Printer offline", email.Subject);
        Assert.Equal("Thanks, it's still offline after the restart. The display says \"Error 0x8007\".\n\nAnn", email.NewText);
        Assert.Contains("> Thank you for contacting the support team.", email.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BothModes))]
    public void Outlook_reply_cuts_at_the_header_block_and_keeps_the_cc(string mode)
    {
        var email = Parse("outlook-reply.eml", mode);

        Assert.Equal("Hi,\n\nPlease find the corrected invoice number below: INV-2026-0117.\n\nBest regards\nBob Smith\nContoso Ltd.", email.NewText);
        Assert.Equal(["carol.white@contoso.com"], email.Cc.Select(a => a.Email));
        Assert.Equal("bob.smith@contoso.com", email.From.Email);
        Assert.Equal(
            ["AM9PR01MB7123FIRST000000001@AM9PR01MB7123.eurprd01.prod.outlook.com", "SUP-4HXM2P.ack@support.example.com"],
            email.References);
    }

    [Fact]
    public void Apple_mail_reply_drops_the_mobile_signature_and_the_quote()
    {
        var email = EmailFixtures.ParseRaw("apple-mail-reply.eml");

        Assert.Equal("Yes, that fixed it. Thank you!", email.NewText);
        Assert.Equal("Chloé Martin", email.From.Name);
        Assert.Equal("Re: Sync problem on my phone", email.Subject);
    }

    [Theory]
    [MemberData(nameof(BothModes))]
    public void Html_only_mail_becomes_plain_text_without_styles_or_scripts(string mode)
    {
        var email = Parse("html-only.eml", mode);

        Assert.Equal("Hello support,\nMy order #48213 arrived damaged & incomplete.\nMissing items:\n- USB-C cable\n- Power adapter\nRegards,\nDan", email.Text);
        Assert.DoesNotContain("tracking", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("color", email.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BothModes))]
    public void Iso_8859_1_quoted_printable_body_and_encoded_headers_are_decoded(string mode)
    {
        var email = Parse("iso-8859-1.eml", mode);

        Assert.Equal("Jürgen Müller", email.From.Name);
        Assert.Equal("Bestätigung für Auftrag 7781 fehlt", email.Subject);
        Assert.Contains("die Bestätigung für Auftrag 7781 ist nie angekommen. Können Sie sie erneut senden?", email.Text, StringComparison.Ordinal);
        Assert.EndsWith("Mit freundlichen Grüßen\nJürgen Müller\nMünchen", email.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BothModes))]
    public void Shift_jis_base64_body_is_decoded(string mode)
    {
        var email = Parse("shift-jis.eml", mode);

        Assert.Equal("山田太郎", email.From.Name);
        Assert.Equal("ログインできません", email.Subject);
        Assert.Equal("サポートご担当者様\n\nログインできません。パスワードを再設定しても同じエラーが表示されます。\n\n山田太郎", email.Text);
    }

    [Fact]
    public void Default_mode_decodes_each_field_in_the_charset_sendgrid_names()
    {
        var latin1 = Encoding.Latin1;
        var post = new InboundMailPost(
            new Dictionary<string, BinaryData>
            {
                ["from"] = BinaryData.FromBytes(latin1.GetBytes("Jürgen Müller <juergen.mueller@example.de>")),
                ["to"] = BinaryData.FromString("support@example.com"),
                ["subject"] = BinaryData.FromBytes(latin1.GetBytes("Bestätigung fehlt")),
                ["text"] = BinaryData.FromBytes(latin1.GetBytes("Grüße aus München")),
                ["charsets"] = BinaryData.FromString("""{"from":"iso-8859-1","to":"UTF-8","subject":"iso-8859-1","text":"iso-8859-1"}"""),
            },
            []);

        var email = EmailFixtures.Parser().Parse(post).Email!;

        Assert.Equal("Jürgen Müller", email.From.Name);
        Assert.Equal("Bestätigung fehlt", email.Subject);
        Assert.Equal("Grüße aus München", email.Text);
        Assert.Null(email.MessageId);
    }

    [Theory]
    [MemberData(nameof(BothModes))]
    public void Attachments_and_inline_image_are_kept_with_safe_names(string mode)
    {
        var email = Parse("attachments.eml", mode);

        Assert.Collection(
            email.Attachments,
            image =>
            {
                Assert.Equal("screenshot.png", image.FileName);
                Assert.Equal("image/png", image.ContentType);
                Assert.Equal("screenshot-1@example.org", image.ContentId);
                Assert.True(image.Inline);
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image.Content.ToArray()[..4]);
            },
            log =>
            {
                Assert.Equal("sync.log", log.FileName);
                Assert.False(log.Inline);
                Assert.Equal(960, log.Size);
            },
            pdf =>
            {
                Assert.Equal("Contract__2026.pdf", pdf.FileName);
                Assert.Equal("application/pdf", pdf.ContentType);
                Assert.StartsWith("%PDF", Encoding.ASCII.GetString(pdf.Content.ToArray()), StringComparison.Ordinal);
            });
        Assert.Empty(email.Dropped);
        Assert.Equal("The sync fails every morning. Screenshot inline, logs and the contract attached.", email.Text);
    }

    [Fact]
    public void Attachments_over_the_cap_are_recorded_as_dropped_not_fatal()
    {
        var parser = EmailFixtures.Parser(new EmailIntakeOptions { MaxAttachmentBytes = 1000 });

        var email = parser.Parse(EmailFixtures.RawPost(EmailFixtures.Bytes("attachments.eml"))).Email!;

        Assert.Equal(["screenshot.png", "Contract__2026.pdf"], email.Attachments.Select(a => a.FileName));
        var dropped = Assert.Single(email.Dropped);
        Assert.Equal("sync.log", dropped.FileName);
        Assert.Equal(960, dropped.Size);
        Assert.Contains("limit", dropped.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BothModes))]
    public void Bounce_names_the_message_that_could_not_be_delivered(string mode)
    {
        var email = Parse("bounce.eml", mode);

        var bounce = Assert.IsType<BounceReport>(email.Bounce);
        Assert.Equal("SUP-4HXM2P.ack@support.example.com", bounce.OriginalMessageId);
        Assert.Equal("[SUP-4HXM2P] We received your request: Invoice question", bounce.OriginalSubject);
        Assert.Equal(["gone@example.net"], bounce.FailedRecipients);
        Assert.Equal("5.1.1", bounce.Status);
        Assert.Equal("multipart/report", email.LoopHeaders.ContentType);
        Assert.Equal("delivery-status", email.LoopHeaders.ReportType);
        Assert.Empty(email.Attachments);
    }

    [Fact]
    public void Forwarded_message_stays_in_the_new_text()
    {
        var email = EmailFixtures.ParseRaw("forwarded.eml");

        Assert.Contains("Hi support, forwarding this from our customer", email.NewText, StringComparison.Ordinal);
        Assert.Contains("the page says my account is locked", email.NewText, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_with_200_recipients_keeps_them_all_lower_cased()
    {
        var email = EmailFixtures.ParseRaw("many-recipients.eml");

        Assert.Equal(151, email.To.Count);
        Assert.Equal(50, email.Cc.Count);
        Assert.Equal(201, email.Recipients.Count);
        Assert.Equal("member001@lists.example.com", email.To[1].Email);
        Assert.Equal("Member 001", email.To[1].Name);
        Assert.Equal("member200@partners.example.com", email.Cc[^1].Email);
    }

    [Theory]
    [MemberData(nameof(BothModes))]
    public void Rfc2047_folded_subject_is_decoded_to_one_line(string mode)
    {
        var email = Parse("rfc2047-subject.eml", mode);

        Assert.Equal("Überweisung fehlgeschlagen 💳 [SUP-7K3Q9F] bitte prüfen", email.Subject);
        Assert.Equal("Zoë Ångström", email.From.Name);
    }

    [Fact]
    public void Reply_to_is_read_and_lower_cased()
    {
        var mime = """
            From: Web Shop <orders@shop.example.com>
            Reply-To: Gina Buyer <Gina.Buyer@Example.NET>
            To: support@example.com
            Subject: Order question
            Message-ID: <rt-1@shop.example.com>

            Where is my order?
            """;

        var email = EmailFixtures.Parser().Parse(EmailFixtures.RawPost(Encoding.UTF8.GetBytes(mime))).Email!;

        Assert.Equal(new Support.Core.Ports.MailAddress("gina.buyer@example.net", "Gina Buyer"), email.ReplyTo);
        Assert.Equal("gina.buyer@example.net", email.AnswerTo.Email);
    }

    [Fact]
    public void Message_over_30_megabytes_is_rejected_as_too_large()
    {
        var post = EmailFixtures.RawPost(new byte[(30 * 1024 * 1024) + 1]);

        var result = EmailFixtures.Parser().Parse(post);

        Assert.False(result.IsParsed);
        Assert.Equal(EmailRejection.TooLarge, result.Rejection);
        Assert.Contains("30 MB", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_without_from_is_rejected()
    {
        var result = EmailFixtures.Parser().Parse(EmailFixtures.RawPost("To: support@example.com\nSubject: hi\n\nbody\n"u8.ToArray()));

        Assert.Equal(EmailRejection.MissingFrom, result.Rejection);
    }

    [Fact]
    public void Unparsable_from_is_rejected()
    {
        var result = EmailFixtures.Parser().Parse(EmailFixtures.RawPost("From: not an address\nTo: support@example.com\nSubject: hi\n\nbody\n"u8.ToArray()));

        Assert.False(result.IsParsed);
        Assert.True(result.Rejection is EmailRejection.UnparsableFrom or EmailRejection.MissingFrom, result.Reason);
    }

    [Fact]
    public void Malformed_mime_is_rejected()
    {
        var result = EmailFixtures.Parser().Parse(EmailFixtures.RawPost("\u0001\u0002 this is not a mail message at all"u8.ToArray()));

        Assert.False(result.IsParsed);
        Assert.Equal(EmailRejection.MalformedMime, result.Rejection);
    }

    [Fact]
    public void A_post_without_inbound_parse_fields_is_rejected()
    {
        var result = EmailFixtures.Parser().Parse(InboundMailPost.FromStrings(new Dictionary<string, string> { ["name"] = "x" }));

        Assert.Equal(EmailRejection.NotInboundParse, result.Rejection);
    }
}
