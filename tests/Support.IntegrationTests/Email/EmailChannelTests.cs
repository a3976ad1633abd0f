using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Support.Core.Email;
using Support.Core.Ports;
using Xunit;

namespace Support.IntegrationTests.Email;

/// <summary>SendGrid Inbound Parse through the local host on real Azurite: tickets, threading, loops and the mails that go out.</summary>
public sealed class EmailChannelTests(AzuriteFixture env)
{
    private const string Staff = "liam";
    private const string StaffEmail = "liam.walsh@example.com";

    private HttpClient Client => env.Host.CreateClient();

    private HttpClient StaffClient => env.Host.CreateStaffClient();

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task A_new_mail_becomes_a_ticket_and_the_acknowledgement_threads_under_it(ParseMode mode)
    {
        var customer = Api.UniqueEmail("ann");
        var messageId = InboundMail.MessageId();

        var response = await InboundMail.PostAsync(env, InboundMail.Compose($"Ann Customer <{customer}>", "Printer offline", "The printer is offline since this morning.", messageId), mode);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reference = await InboundMail.ReferenceOf(response);
        var ticket = await Api.TicketWithEventAsync(StaffClient, reference, "acknowledged");
        Assert.Equal("email", ticket["channel"]!.GetValue<string>());
        Assert.Equal(customer, ticket["requester"]!["email"]!.GetValue<string>());
        Assert.Equal("Printer offline", ticket["subject"]!.GetValue<string>());

        var ack = Assert.Single(await InboundMail.MailsToAsync(Client, customer, 1));
        Assert.Contains($"[{reference}]", ack["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"<{messageId}>", InboundMail.Header(ack, "In-Reply-To"));
        Assert.Equal($"<{messageId}>", InboundMail.Header(ack, "References"));
        Assert.Matches($@"^<{reference}\.ack\.[0-9a-f]{{20}}@support\.example\.com>$", InboundMail.Header(ack, "Message-ID"));
        Assert.Equal("auto-replied", InboundMail.Header(ack, "Auto-Submitted"));
        Assert.Equal($"support+{reference}@example.com", ack["replyTo"]!.GetValue<string>());
        Assert.NotEmpty(ack["text"]!.GetValue<string>());
        Assert.NotEmpty(ack["html"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string, ParseMode> NewMailCorpus()
    {
        var data = new TheoryData<string, string, string, ParseMode>();
        foreach (var mode in new[] { ParseMode.Raw, ParseMode.Default })
        {
            data.Add("html-only.eml", "dan.lee@webmail.example.net", "20261118121500.7f3e9a@webmail.example.net", mode);
            data.Add("iso-8859-1.eml", "juergen.mueller@example.de", "4b7c1e2a.5d6f@mail.example.de", mode);
            data.Add("shift-jis.eml", "taro.yamada@example.co.jp", "20261119000000.1234@example.co.jp", mode);
            data.Add("attachments.eml", "erin.park@example.org", "a1b2c3d4-e5f6@example.org", mode);
            data.Add("forwarded.eml", "eve.stone@example.org", "CAFwd0001xyz@mail.gmail.com", mode);
            data.Add("many-recipients.eml", "frank.hall@example.com", "many-recipients-0001@example.com", mode);
            data.Add("rfc2047-subject.eml", "zoe@example.se", "rfc2047-0001@example.se", mode);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NewMailCorpus))]
    public async Task Every_kind_of_new_mail_becomes_a_readable_ticket_with_a_threaded_acknowledgement(string fixture, string sender, string messageId, ParseMode mode)
    {
        var customer = Api.UniqueEmail(fixture.Split('.')[0]);
        var uniqueId = $"{Guid.NewGuid():N}.{messageId}";

        var reference = await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, InboundMail.Fixture(fixture, (sender, customer), (messageId, uniqueId)), mode));

        var ticket = await Api.TicketWithEventAsync(StaffClient, reference, "acknowledged");
        Assert.Equal(customer, ticket["requester"]!["email"]!.GetValue<string>());
        Assert.DoesNotContain("=?", ticket["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        var inquiry = (await env.Host.Services.GetRequiredService<ITicketStore>().GetInquiryAsync(reference, TestContext.Current.CancellationToken))!;
        Assert.NotEmpty(inquiry.Body);
        Assert.DoesNotContain('\uFFFD', inquiry.Body + inquiry.Subject + inquiry.Requester.Name);
        Assert.NotNull(await env.Host.Services.GetRequiredService<IBlobStore>().GetAsync(BlobContainers.RawMail, inquiry.Attributes[EmailInquiry.Keys.RawMail], TestContext.Current.CancellationToken));
        if (inquiry.Attributes.GetValueOrDefault(EmailInquiry.Keys.AttachmentBlobs) is { } attachments)
        {
            foreach (var blob in attachments.Split('|'))
            {
                Assert.NotNull(await env.Host.Services.GetRequiredService<IBlobStore>().GetAsync(BlobContainers.Attachments, blob, TestContext.Current.CancellationToken));
            }
        }
        else
        {
            Assert.NotEqual("attachments.eml", fixture);
        }

        var ack = Assert.Single(await InboundMail.MailsToAsync(Client, customer, 1));
        Assert.Equal($"<{uniqueId}>", InboundMail.Header(ack, "In-Reply-To"));
    }

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task The_same_message_posted_twice_is_one_ticket_with_one_acknowledgement(ParseMode mode)
    {
        var customer = Api.UniqueEmail();
        var mime = InboundMail.Compose(customer, "Invoice question", "Why was I charged twice?", InboundMail.MessageId());

        var first = await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, mime, mode));
        await Api.TicketWithEventAsync(StaffClient, first, "acknowledged");
        var second = await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, mime, mode));

        Assert.Equal(first, second);
        await Task.Delay(1000);
        Assert.Single(await Api.MailsToAsync(Client, customer));
        var ticket = (await Api.TicketAsync(StaffClient, first))!;
        Assert.Equal(1, InboundMail.EventTypes(ticket).Count(t => t == "received"));
    }

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task A_gmail_reply_to_our_acknowledgement_threads_into_the_ticket_and_reopens_it(ParseMode mode)
    {
        var (reference, customer) = await PendingTicketAsync();
        var gmail = InboundMail.Fixture("gmail-reply.eml",
            ("SUP-7K3Q9F", reference), ("Ann.Customer@Gmail.com", customer), ("ann.customer@gmail.com", customer),
            ("CAJx8kq2Vr7Tn0=bd5gZ7Q@mail.gmail.com", InboundMail.MessageId("gmail")));

        Assert.Equal(reference, await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, gmail, mode)));

        var ticket = await InboundMail.TicketWhereAsync(StaffClient, reference, t => t["status"]!.GetValue<string>() == "open", "reopened");
        var message = InboundMail.LastEvent(ticket, "customer-message");
        Assert.Equal("Thanks, it's still offline after the restart. The display says \"Error 0x8007\".\n\nAnn", message["details"]!["body"]!.GetValue<string>());
        Assert.Equal("customer", message["actor"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task An_outlook_reply_threads_by_the_reference_in_the_subject_and_keeps_the_cc(ParseMode mode)
    {
        var (reference, customer) = await NewTicketAsync();
        var outlook = InboundMail.Fixture("outlook-reply.eml",
            ("SUP-4HXM2P", reference), ("bob.smith@contoso.com", customer),
            ("References:", "X-Old-References:"), ("In-Reply-To:", "X-Old-In-Reply-To:"),
            ("Message-ID: <", $"Message-ID: <{Guid.NewGuid():N}."));

        Assert.Equal(reference, await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, outlook, mode)));

        var ticket = await Api.TicketWithEventAsync(StaffClient, reference, "customer-message");
        Assert.StartsWith("Hi,\n\nPlease find the corrected invoice number below: INV-2026-0117.", InboundMail.LastEvent(ticket, "customer-message")["details"]!["body"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task An_apple_mail_reply_threads_by_the_per_ticket_reply_address(ParseMode mode)
    {
        var (reference, customer) = await NewTicketAsync();
        var apple = InboundMail.Fixture("apple-mail-reply.eml",
            ("SUP-9ZRT6B.reply-1@support.example.com", "someone-else@elsewhere.example"), ("Subject: Re: Sync problem", "Subject: Re: Sync problem"),
            ("SUP-9ZRT6B", reference), ("chloe.martin@icloud.com", customer),
            ("8F3B2A1C-7D6E-4F50-9A8B-1C2D3E4F5A6B@icloud.com", InboundMail.MessageId("apple")));

        Assert.Equal(reference, await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, apple, mode)));

        var ticket = await Api.TicketWithEventAsync(StaffClient, reference, "customer-message");
        Assert.DoesNotContain("Sent from my iPhone", InboundMail.LastEvent(ticket, "customer-message")["details"]!["body"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stranger_quoting_a_reference_gets_a_new_ticket_linked_to_it()
    {
        var (reference, _) = await NewTicketAsync();
        var stranger = Api.UniqueEmail("stranger");

        var response = await InboundMail.PostAsync(env, InboundMail.Compose(stranger, $"Re: [{reference}] same problem here", "I have the same problem.", InboundMail.MessageId()), ParseMode.Raw);

        var other = await InboundMail.ReferenceOf(response);
        Assert.NotEqual(reference, other);
        var inquiry = await env.Host.Services.GetRequiredService<ITicketStore>().GetInquiryAsync(other, TestContext.Current.CancellationToken);
        Assert.Equal(reference, inquiry!.Attributes[EmailInquiry.Keys.LinkedTo]);
        await Api.TicketWithEventAsync(StaffClient, other, "acknowledged");
        var original = (await Api.TicketAsync(StaffClient, reference))!;
        Assert.DoesNotContain("customer-message", InboundMail.EventTypes(original));
    }

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task An_out_of_office_reply_is_recorded_but_never_reopens_nor_gets_an_acknowledgement(ParseMode mode)
    {
        var (reference, customer) = await PendingTicketAsync();
        var mailsBefore = (await Api.MailsToAsync(Client, customer)).Count;
        var ooo = InboundMail.Fixture("out-of-office.eml", ("SUP-7K3Q9F", reference), ("ann.customer@gmail.com", customer), ("ooo-20261116101205@mail.gmail.com", InboundMail.MessageId("ooo")));

        Assert.Equal(reference, await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, ooo, mode)));

        var ticket = await Api.TicketWithEventAsync(StaffClient, reference, "customer-message");
        Assert.Equal("pending", ticket["status"]!.GetValue<string>());
        await Task.Delay(1000);
        Assert.Equal(mailsBefore, (await Api.MailsToAsync(Client, customer)).Count);
    }

    [Fact]
    public async Task An_out_of_office_mail_that_starts_a_ticket_is_not_acknowledged()
    {
        var customer = Api.UniqueEmail("away");
        var ooo = InboundMail.Fixture("out-of-office.eml", ("[SUP-7K3Q9F] ", string.Empty), ("support+SUP-7K3Q9F@", "support@"), ("SUP-7K3Q9F.ack", "unknown"),
            ("ann.customer@gmail.com", customer), ("ooo-20261116101205@mail.gmail.com", InboundMail.MessageId("ooo")));

        var reference = await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, ooo, ParseMode.Raw));

        var ticket = await Api.TicketWithEventAsync(StaffClient, reference, "mail-suppressed");
        Assert.Contains("Auto-Submitted", InboundMail.LastEvent(ticket, "mail-suppressed")["details"]!["why"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await Api.MailsToAsync(Client, customer));
    }

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task A_bounce_is_recorded_on_the_ticket_it_concerns_and_answered_by_nobody(ParseMode mode)
    {
        var (reference, _) = await PendingTicketAsync();
        var bounce = InboundMail.Fixture("bounce.eml", ("SUP-4HXM2P", reference), ("20261116101209.ABC1234@mx.example.net", InboundMail.MessageId("dsn")));

        Assert.Equal(reference, await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, bounce, mode)));

        var ticket = await Api.TicketWithEventAsync(StaffClient, reference, "bounced");
        Assert.Equal("pending", ticket["status"]!.GetValue<string>());
        Assert.Equal("5.1.1", InboundMail.LastEvent(ticket, "bounced")["details"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task No_address_gets_more_than_three_acknowledgements_an_hour()
    {
        var customer = Api.UniqueEmail("busy");
        await AcknowledgementWindow.StartWithTimeLeftAsync(TimeSpan.FromMinutes(2));
        var references = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            var reference = await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, InboundMail.Compose(customer, $"Question {i}", $"Question number {i}.", InboundMail.MessageId()), ParseMode.Raw));
            references.Add(reference);
            await Eventually.GetAsync(
                async () => await Api.TicketAsync(StaffClient, reference) is { } t && InboundMail.EventTypes(t).Any(e => e is "acknowledged" or "mail-suppressed") ? t : null,
                $"{reference} acknowledged or not");
        }

        Assert.Equal(3, (await Api.MailsToAsync(Client, customer)).Count);
        var last = (await Api.TicketAsync(StaffClient, references[^1]))!;
        Assert.Contains("rate limit", InboundMail.LastEvent(last, "mail-suppressed")["details"]!["why"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-code")]
    public async Task A_post_without_the_right_code_is_refused_and_nothing_is_stored(string? code)
    {
        var messageId = InboundMail.MessageId();
        var content = InboundMail.RawContent(InboundMail.Compose(Api.UniqueEmail(), "Hello", "Hello there", messageId));
        var blob = await InboundMail.RawBlobName(content);

        var response = await InboundMail.PostAsync(Client, content, code);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await env.Host.Services.GetRequiredService<IBlobStore>().GetAsync(BlobContainers.RawMail, blob, TestContext.Current.CancellationToken));
        Assert.Null(await env.Host.Services.GetRequiredService<IReceivedMailIndex>().FindTicketAsync(messageId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_inbound_key_and_the_senders_address_never_reach_the_logs()
    {
        var customer = Api.UniqueEmail("private");
        var reference = await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, InboundMail.Compose(customer, "Private matter", "My private words", InboundMail.MessageId()), ParseMode.Default));
        await Api.TicketWithEventAsync(StaffClient, reference, "acknowledged");

        var lines = env.Host.Logs.Lines;
        Assert.Contains(lines, l => l.Contains($"{reference} inbound mail: new ticket", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(InboundMail.InboundKey(env), StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(customer, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.Contains("My private words", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_mail_gets_a_400_with_the_cause_and_the_raw_post_is_kept()
    {
        var content = InboundMail.RawContent(System.Text.Encoding.ASCII.GetBytes($"Subject: no sender {Guid.NewGuid():N}\r\n\r\nWho wrote this?\r\n"));
        var blob = await InboundMail.RawBlobName(content);

        var response = await InboundMail.PostAsync(Client, content, InboundMail.InboundKey(env));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no From address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(await env.Host.Services.GetRequiredService<IBlobStore>().GetAsync(BlobContainers.RawMail, blob, TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task A_staff_reply_by_mail_goes_to_the_requester_threaded_and_leaves_the_ticket_pending(ParseMode mode)
    {
        var (reference, customer, customerMessageId) = await NewTicketWithIdAsync();
        var staffMessageId = InboundMail.MessageId("staff");
        var reply = InboundMail.Fixture("staff-reply.eml",
            ("support+SUP-7K3Q9F@example.com", InboundMail.StaffReplyAddress(env.Host, reference, Staff)),
            ("SUP-7K3Q9F", reference), ("Lee.Agent@example.com", StaffEmail), ("#solved\n", string.Empty), ("staff-0001@example.com", staffMessageId));

        Assert.Equal(reference, await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, reply, mode)));

        var ticket = await Api.TicketWithEventAsync(StaffClient, reference, "reply-sent");
        Assert.Equal("pending", ticket["status"]!.GetValue<string>());
        var recorded = InboundMail.LastEvent(ticket, "staff-reply");
        Assert.Equal(Staff, recorded["actor"]!.GetValue<string>());
        Assert.Equal("first", recorded["details"]!["response"]!.GetValue<string>());

        var mails = await InboundMail.MailsToAsync(Client, customer, 2);
        var sent = mails.Single(m => m["text"]!.GetValue<string>().Contains("firmware update 2.3", StringComparison.Ordinal));
        Assert.Equal($"<{customerMessageId}>", InboundMail.Header(sent, "In-Reply-To"));
        Assert.Contains($"<{reference}.ack.", InboundMail.Header(sent, "References"), StringComparison.Ordinal);
        Assert.StartsWith($"<{reference}.reply.", InboundMail.Header(sent, "Message-ID"), StringComparison.Ordinal);
        Assert.Contains($"[{reference}]", sent["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("On Tue, 17 Nov 2026", sent["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // SendGrid retries the same post: recorded and sent once.
        Assert.Equal(reference, await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, reply, mode)));
        await Task.Delay(1000);
        Assert.Equal(mails.Count, (await Api.MailsToAsync(Client, customer)).Count);
    }

    [Fact]
    public async Task A_staff_note_by_mail_is_recorded_and_never_sent()
    {
        var (reference, customer) = await NewTicketAsync();
        var note = InboundMail.Fixture("staff-reply.eml",
            ("support+SUP-7K3Q9F@example.com", InboundMail.StaffReplyAddress(env.Host, reference, Staff)),
            ("SUP-7K3Q9F", reference), ("Lee.Agent@example.com", StaffEmail), ("#solved\n", "#note called her back\n"), ("staff-0001@example.com", InboundMail.MessageId("staff")));

        await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, note, ParseMode.Raw));

        var ticket = await Api.TicketWithEventAsync(StaffClient, reference, "note");
        Assert.StartsWith("called her back", InboundMail.LastEvent(ticket, "note")["details"]!["body"]!.GetValue<string>(), StringComparison.Ordinal);
        await Task.Delay(1000);
        Assert.Single(await Api.MailsToAsync(Client, customer));
    }

    [Fact]
    public async Task The_staff_api_requires_a_current_if_match_and_sends_the_reply_threaded()
    {
        var (reference, customer, customerMessageId) = await NewTicketWithIdAsync();
        using var staff = await env.Host.CreateSignedInClientAsync(Staff);
        var reply = new { body = "Please restart the printer twice." };

        var missing = await staff.PostAsJsonAsync($"/api/tickets/{reference}/replies", reply);
        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);

        var stale = await SendAsync(staff, HttpMethod.Post, $"/api/tickets/{reference}/replies", reply, "W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var current = await stale.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(reference, current!["reference"]!.GetValue<string>());
        Assert.NotNull(stale.Headers.ETag);

        var etag = (await staff.GetAsync($"/api/tickets/{reference}")).Headers.ETag!.ToString();
        var accepted = await SendAsync(staff, HttpMethod.Post, $"/api/tickets/{reference}/replies", reply, etag);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var updated = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("pending", updated["status"]!.GetValue<string>());
        Assert.NotEqual(etag, accepted.Headers.ETag!.ToString());
        Assert.Equal(Staff, InboundMail.LastEvent(updated, "staff-reply")["actor"]!.GetValue<string>());

        var again = await SendAsync(staff, HttpMethod.Post, $"/api/tickets/{reference}/replies", reply, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);

        // Sending the mail records it on the ticket too: the console takes the ETag of the latest read.
        await Api.TicketWithEventAsync(staff, reference, "reply-sent");
        var latest = (await staff.GetAsync($"/api/tickets/{reference}")).Headers.ETag!.ToString();
        var note = await SendAsync(staff, HttpMethod.Post, $"/api/tickets/{reference}/notes", new { body = "Customer is on firmware 2.1" }, latest);
        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        Assert.Equal("pending", (await note.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());

        var sent = (await Api.MailsToAsync(Client, customer)).Single(m => m["text"]!.GetValue<string>().Contains("restart the printer twice", StringComparison.Ordinal));
        Assert.Equal($"<{customerMessageId}>", InboundMail.Header(sent, "In-Reply-To"));
        Assert.DoesNotContain(await Api.MailsToAsync(Client, customer), m => m["text"]!.GetValue<string>().Contains("firmware 2.1", StringComparison.Ordinal));
    }

    private async Task<(string Reference, string Customer)> NewTicketAsync()
    {
        var (reference, customer, _) = await NewTicketWithIdAsync();
        return (reference, customer);
    }

    /// <summary>A ticket from a customer's mail, assigned and acknowledged, so nothing else changes it while the test runs.</summary>
    private async Task<(string Reference, string Customer, string MessageId)> NewTicketWithIdAsync()
    {
        var customer = Api.UniqueEmail("ann");
        var messageId = InboundMail.MessageId();
        var reference = await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, InboundMail.Compose($"Ann Customer <{customer}>", "Printer offline", "The printer is offline.", messageId), ParseMode.Raw));
        await Api.TicketWithEventAsync(StaffClient, reference, "assignee-notified");
        return (reference, customer, messageId);
    }

    /// <summary>A ticket waiting on the customer: a staff member answered it through the API.</summary>
    private async Task<(string Reference, string Customer)> PendingTicketAsync()
    {
        var (reference, customer) = await NewTicketAsync();
        using var staff = await env.Host.CreateSignedInClientAsync(Staff);
        var etag = (await staff.GetAsync($"/api/tickets/{reference}")).Headers.ETag!.ToString();
        var response = await SendAsync(staff, HttpMethod.Post, $"/api/tickets/{reference}/replies", new { body = "Have you tried turning it off and on again?" }, etag);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Api.TicketWithEventAsync(staff, reference, "reply-sent");
        return (reference, customer);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object body, string ifMatch)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }
}
