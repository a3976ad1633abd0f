using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using Support.Adapters.Email;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Intake;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Sla;
using Support.Core.Triage;
using Support.Core.Triage.Policy;
using Xunit;

namespace Support.Tests.Security;

/// <summary>Whatever arrives, the text handling never throws, never lets a line break into a header and never passes markup through.</summary>
[Properties(Arbitrary = [typeof(Hostile)], MaxTest = 300)]
public sealed class HostileInputProperties
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    private static readonly MailComposer Composer = new(Options.Create(new MailOptions()), Options.Create(new SiteOptions()), Options.Create(new Support.Core.Bookings.BookingOptions()));

    private static readonly PolicyTriageEngine Triage = new(TriagePolicyLoader.Load(new TriageOptions()));

    private static readonly SendGridInboundParser Parser = new(Options.Create(new EmailIntakeOptions()));

    [Property]
    public void A_web_form_is_either_refused_with_a_reason_per_field_or_accepted_clean(string name, string email, string subject, string message, string key)
    {
        var form = new WebFormSubmission { Name = name, Email = email, Subject = subject, Message = message, Product = name, Phone = message.Length % 3 == 0 ? subject : null };

        var result = WebFormRules.Validate(form, key, "GB", Now);

        if (!result.IsValid)
        {
            Assert.NotEmpty(result.Errors);
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Value)));
            return;
        }

        var submission = result.Submission!;
        Assert.False(Hostile.HasControl(submission.Requester.Name));
        Assert.False(Hostile.HasLineBreak(submission.Requester.Name));
        Assert.False(Hostile.HasControl(submission.Subject));
        Assert.False(Hostile.HasLineBreak(submission.Subject));
        Assert.InRange(submission.Subject.Length, 1, WebFormRules.MaxSubjectLength);
        Assert.InRange(submission.Requester.Name!.Length, 1, WebFormRules.MaxNameLength);
        Assert.InRange(submission.Body.Length, 1, WebFormRules.MaxMessageLength);
        Assert.DoesNotContain('\r', submission.Body);
        Assert.DoesNotContain(submission.Requester.Email!, c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"');
    }

    [Property]
    public void A_single_line_has_no_control_or_line_break_and_keeps_its_limit_and_surrogate_pairs(string value, PositiveInt limit)
    {
        var max = Math.Min(limit.Get, 300);

        var line = TextNormalizer.SingleLine(value, max);

        Assert.False(Hostile.HasControl(line));
        Assert.False(Hostile.HasLineBreak(line));
        Assert.True(line.Length <= max);
        Assert.Equal(line, line.Trim());
        Assert.Equal(line, TextNormalizer.SingleLine(line, max));
        if (Hostile.IsWellFormed(value))
        {
            Assert.True(Hostile.IsWellFormed(line), "a surrogate pair was cut in half");
        }
    }

    [Property]
    public void A_body_has_only_newlines_and_tabs_for_controls_and_normalizing_twice_changes_nothing(string value)
    {
        var body = TextNormalizer.Body(value);

        Assert.DoesNotContain(body, c => char.IsControl(c) && c is not ('\n' or '\t'));
        Assert.Equal(body, TextNormalizer.Body(body));
    }

    [Property]
    public void A_cleaned_header_value_cannot_start_a_new_header(string value)
    {
        var clean = MailHeaders.Clean(value);

        Assert.False(Hostile.HasControl(clean));
        Assert.DoesNotContain('\r', clean);
        Assert.DoesNotContain('\n', clean);
    }

    [Property]
    public void Composed_mail_keeps_every_header_single_line_and_every_html_body_escaped(string name, string subject, string reason)
    {
        // Straight from a channel that forgot to normalize: the composer must hold the line on its own.
        var ticket = TicketFor(name, subject);
        var due = SlaEngine.Default.FirstResponse(ticket);

        var mails = new[]
        {
            Composer.Acknowledgement(ticket, "ack", due),
            Composer.AssigneeNotice(ticket, "assignee:p1:1", new MailAddress("tech@example.com", name), reason, due),
        };

        foreach (var mail in mails)
        {
            var headerValues = new[] { mail.Subject, mail.MessageId, mail.From.Email, mail.From.Name, mail.ReplyTo?.Email, mail.ReplyTo?.Name }
                .Concat(mail.To.SelectMany(a => new[] { a.Email, a.Name }))
                .Concat(mail.Headers.SelectMany(h => new[] { h.Key, h.Value }));
            Assert.All(headerValues, v => Assert.False(Hostile.HasControl(v) || Hostile.HasLineBreak(v), $"header value {v} breaks the line"));
            Assert.DoesNotContain("<script", mail.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", mail.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<svg", mail.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\"><", mail.Html, StringComparison.Ordinal);
        }
    }

    [Property]
    public void A_reference_is_found_only_where_one_is_and_always_next_to_clean_text(string before, string after)
    {
        var found = TicketReference.FindIn(before + after);
        if (found is not null)
        {
            Assert.True(TicketReference.IsValid(found));
            Assert.Contains(found, (before + after).ToUpperInvariant(), StringComparison.Ordinal);
        }

        const string reference = "SUP-7K3Q9F";
        if (!before.Contains("SUP-", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Equal(reference, TicketReference.FindIn($"{before} Re: [{reference}] {after}"));
        }
    }

    [Property]
    public void The_email_parser_never_throws_on_a_raw_message_and_gives_a_reason_when_it_refuses(string headerName, string headerValue, string subject, string body, bool crlf)
    {
        var eol = crlf ? "\r\n" : "\n";
        var raw = $"From: {headerValue} <ada@example.com>{eol}{headerName}: {headerValue}{eol}Subject: {subject}{eol}Content-Type: multipart/mixed; boundary=\"{headerValue}\"{eol}{eol}--{headerValue}{eol}{body}{eol}--{headerValue}--{eol}";

        var result = Parser.Parse(InboundMailPost.FromStrings(new Dictionary<string, string> { ["email"] = raw }));

        AssertParsedCleanlyOrRefused(result);
    }

    [Property]
    public void The_email_parser_never_throws_on_garbled_default_mode_fields(string from, string subject, string headers, string charsets, string contentIds, string attachmentInfo, string envelope)
    {
        var fields = new Dictionary<string, string>
        {
            ["from"] = from,
            ["subject"] = subject,
            ["headers"] = headers,
            ["charsets"] = charsets,
            ["content-ids"] = contentIds,
            ["attachment-info"] = attachmentInfo,
            ["envelope"] = envelope,
            ["text"] = subject,
            ["html"] = from,
        };
        var files = new List<InboundFile>
        {
            new("attachment1", from, "message/rfc822", BinaryData.FromString(headers)),
            new("attachment2", subject, "application/zip", BinaryData.FromString(subject)),
        };

        AssertParsedCleanlyOrRefused(Parser.Parse(InboundMailPost.FromStrings(fields, files)));
    }

    [Property]
    public void Content_id_hints_naming_one_attachment_twice_do_not_break_the_parse(NonEmptyString contentId)
    {
        var fields = new Dictionary<string, string>
        {
            ["from"] = "Ada <ada@example.com>",
            ["subject"] = "Two ids",
            ["text"] = "see attached",
            ["content-ids"] = $$"""{"{{Json(contentId.Get)}}":"attachment1","other-{{Json(contentId.Get)}}":"attachment1"}""",
        };

        var result = Parser.Parse(InboundMailPost.FromStrings(fields, [new InboundFile("attachment1", "a.png", "image/png", BinaryData.FromString("png"))]));

        Assert.True(result.IsParsed, result.Reason);
        Assert.Single(result.Email!.Attachments);
    }

    [Property]
    public void Triage_classifies_any_text_without_throwing(string subject, string body)
    {
        var result = Triage.Classify(new TriageInput(Channel.Email, subject, body, null, "ada@example.com", new Dictionary<string, string>()));

        Assert.True(Enum.IsDefined(result.Category));
        Assert.True(Enum.IsDefined(result.Severity));
    }

    private static void AssertParsedCleanlyOrRefused(EmailParseResult result)
    {
        if (!result.IsParsed)
        {
            Assert.NotNull(result.Rejection);
            Assert.False(string.IsNullOrWhiteSpace(result.Reason));
            return;
        }

        var email = result.Email!;
        Assert.False(Hostile.HasControl(email.Subject) || Hostile.HasLineBreak(email.Subject));
        Assert.False(Hostile.HasControl(email.From.Name) || Hostile.HasLineBreak(email.From.Name));
        Assert.DoesNotContain(email.From.Email, c => char.IsWhiteSpace(c) || char.IsControl(c));
    }

    private static string Json(string value) => System.Text.Json.JsonEncodedText.Encode(value).ToString();

    private static Ticket TicketFor(string name, string subject)
    {
        var inquiry = new Inquiry
        {
            Id = "1",
            Reference = "SUP-7K3Q9F",
            Channel = Channel.Email,
            ReceivedAt = Now,
            Requester = new Requester(name, "ada@example.com", null),
            Subject = subject,
            Body = subject,
            SourceId = "hostile",
        };
        var ticket = Ticket.Open(inquiry, Now);
        ticket.ApplyTriage(new TriageResult(Category.Technical, Severity.S2, [subject]), Now);
        ticket.Assign("p1", subject, Actors.System, Now);
        return ticket;
    }
}
