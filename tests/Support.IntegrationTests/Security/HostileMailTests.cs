using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Support.Adapters.Storage;
using Support.Core.Email;
using Support.Core.Ports;
using Support.IntegrationTests.Email;
using Xunit;

namespace Support.IntegrationTests.Security;

/// <summary>
/// Mail that pretends: a forged staff reply, a staff address without its reply token, a stranger with a customer's
/// address, a mail built to make us read a million rows; and the web form used to mail strangers. Each goes through the
/// local host as SendGrid posts it, with the SPF and DKIM results SendGrid's MX reports.
/// </summary>
public sealed class HostileMailTests(AzuriteFixture env)
{
    private const string Staff = "liam";
    private const string StaffEmail = "liam.walsh@example.com";

    private HttpClient Client => env.Host.CreateClient();

    private HttpClient StaffClient => env.Host.CreateStaffClient();

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task A_forged_staff_reply_reaches_no_customer_and_solves_nothing(ParseMode mode)
    {
        var (reference, customer) = await NewTicketAsync();

        // The forger even knows the staff member's reply address for the ticket; SPF and DKIM give them away.
        var forged = StaffMail(reference, InboundMail.StaffReplyAddress(env.Host, reference, Staff), "#solved\nPlease pay the overdue invoice to IBAN XX00 FORGED.");
        Assert.Equal(reference, await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, forged, mode, check: SenderCheck.Forged)));

        await AssertUnverifiedNoteAsync(reference, customer, "FORGED", "not authenticated");
    }

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task Authenticated_staff_mail_without_the_reply_token_reaches_no_customer_and_solves_nothing(ParseMode mode)
    {
        var (reference, customer) = await NewTicketAsync();

        // Genuinely from Liam (DKIM passes), but to the customer's reply address: not a reply to our mail to Liam.
        var mail = StaffMail(reference, $"support+{reference}@example.com", "#solved\nWe refunded you twice, no TOKENLESS reply needed.");
        Assert.Equal(reference, await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, mail, mode)));

        await AssertUnverifiedNoteAsync(reference, customer, "TOKENLESS", "reply address");
    }

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task A_genuine_staff_reply_to_our_mail_reaches_the_customer(ParseMode mode)
    {
        var (reference, customer) = await NewTicketAsync();
        var ticket = (await Api.TicketAsync(StaffClient, reference))!;
        var assignee = ticket["assignee"]!.GetValue<string>();

        // The assignee answers the assignment mail: its Reply-To carries their token for this ticket.
        var notice = Assert.Single(await AssignmentMailsAsync(reference));
        var replyTo = notice["replyTo"]!.GetValue<string>();
        Assert.StartsWith($"support+{reference}.", replyTo, StringComparison.Ordinal);
        var from = notice["to"]!.AsArray()[0]!.GetValue<string>();

        var reply = InboundMail.Compose(from, $"Re: [{reference}] Assigned to you", "#solved\nThe GENUINE fix: update the printer firmware to 2.3.", InboundMail.MessageId("staff"), to: replyTo);
        Assert.Equal(reference, await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, reply, mode)));

        var solved = await InboundMail.TicketWhereAsync(StaffClient, reference, t => t["status"]!.GetValue<string>() == "solved", "solved by the staff reply");
        Assert.Equal(assignee, InboundMail.LastEvent(solved, "staff-reply")["actor"]!.GetValue<string>());
        var shown = solved["messages"]!.AsArray().Last(m => m!["direction"]!.GetValue<string>() == "out")!;
        Assert.Equal("pass", shown["senderAuth"]!.GetValue<string>());
        Assert.Contains(await InboundMail.MailsToAsync(Client, customer, 2), m => m["text"]!.GetValue<string>().Contains("GENUINE fix", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(InboundMail.BothModes), MemberType = typeof(InboundMail))]
    public async Task A_stranger_with_the_requesters_address_and_the_reference_makes_a_linked_ticket(ParseMode mode)
    {
        var (reference, customer) = await NewTicketAsync();

        var forged = InboundMail.Compose($"Ann Customer <{customer}>", $"Re: [{reference}] Printer offline", "Please send the invoice copy to my new address evil@example.org.", InboundMail.MessageId("forger"));
        var other = await InboundMail.ReferenceOf(await InboundMail.PostAsync(env, forged, mode, check: SenderCheck.Forged));

        Assert.NotEqual(reference, other);
        var inquiry = await env.Host.Services.GetRequiredService<ITicketStore>().GetInquiryAsync(other, TestContext.Current.CancellationToken);
        Assert.Equal(reference, inquiry!.Attributes[EmailInquiry.Keys.LinkedTo]);
        Assert.Equal("fail", inquiry.Attributes[SenderVerdict.Detail]);
        var original = (await Api.TicketAsync(StaffClient, reference))!;
        Assert.DoesNotContain("customer-message", InboundMail.EventTypes(original));

        // Staff see who may not have written it.
        var linked = await Api.TicketWithEventAsync(StaffClient, other, "assigned");
        var first = linked["messages"]!.AsArray()[0]!;
        Assert.Equal("fail", first["senderAuth"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_mail_with_100000_references_costs_at_most_the_bounded_reads()
    {
        // Only the request counts: this host's queue workers and timers would also take other tests' work from the shared queues.
        await using var host = new LocalHostFactory(env.ConnectionString)
        {
            ConfigureTestServices = services => services.RemoveAll<Microsoft.Extensions.Hosting.IHostedService>(),
        };
        var roundTrips = host.Services.GetRequiredService<StorageRoundTrips>();
        roundTrips.TallyByTargets();
        var client = host.CreateClient();
        var references = string.Join(' ', Enumerable.Range(0, 100_000).Select(i => $"<crafted.{i}@attacker.example.org>"));
        var recipients = string.Join(", ", Enumerable.Range(0, 1000).Select(i => $"support+SUP-{i:D4}AB@example.com"));
        var mime = Encoding.ASCII.GetBytes(
            $"From: Mallory <mallory@attacker.example.org>\r\nTo: {recipients}\r\nSubject: lots of history\r\n" +
            $"Message-ID: <{InboundMail.MessageId("crafted")}>\r\nIn-Reply-To: <crafted.reply@attacker.example.org>\r\nReferences: {references}\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n");
        var (indexBefore, ticketsBefore) = (Reads(roundTrips, TableNames.MailIndex), Reads(roundTrips, TableNames.Tickets));

        var response = await InboundMail.PostAsync(client, InboundMail.Content(mime, ParseMode.Raw), host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["InboundEmailKey"]);

        await InboundMail.ReferenceOf(response);

        // The mail index: whether the Message-ID was seen, then In-Reply-To and the newest ten References.
        var indexReads = Reads(roundTrips, TableNames.MailIndex) - indexBefore;
        Assert.True(indexReads <= 2 + EmailThreading.MaxLookups, $"{indexReads} reads of the mail index");

        // Tickets: ten of the thousand reply addresses, the mail In-Reply-To names, and intake's own few.
        var ticketReads = Reads(roundTrips, TableNames.Tickets) - ticketsBefore;
        Assert.True(ticketReads <= 2 * EmailThreading.MaxLookups, $"{ticketReads} reads of the tickets table");
    }

    [Fact]
    public async Task The_web_form_cannot_mail_one_address_more_than_three_acknowledgements_an_hour_nor_carry_its_words()
    {
        var victim = Api.UniqueEmail("victim");
        await AcknowledgementWindow.StartWithTimeLeftAsync(TimeSpan.FromMinutes(2));
        var references = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            var response = await Api.PostWebAsync(Client, new { name = "Ada", email = victim, subject = $"Cheap pills {i} at pills.example", message = $"Buy SPAMWORD {i} now." });
            var reference = await Api.ReferenceOf(response);
            references.Add(reference);
            await Eventually.GetAsync(
                async () => await Api.TicketAsync(StaffClient, reference) is { } t && InboundMail.EventTypes(t).Any(e => e is "acknowledged" or "mail-suppressed") ? t : null,
                $"{reference} acknowledged or not");
        }

        var mails = await Api.MailsToAsync(Client, victim);
        Assert.Equal(3, mails.Count);
        Assert.All(mails, m =>
        {
            Assert.DoesNotContain("pills", m["subject"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("pills", m["text"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SPAMWORD", m["text"]!.GetValue<string>() + m["html"]!.GetValue<string>(), StringComparison.Ordinal);
        });
        var last = (await Api.TicketAsync(StaffClient, references[^1]))!;
        Assert.Contains("rate limit", InboundMail.LastEvent(last, "mail-suppressed")["details"]!["why"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static long Reads(StorageRoundTrips roundTrips, string table) =>
        roundTrips.Tables.ByTarget.GetValueOrDefault($"GET {table}")?.Count ?? 0;

    private async Task AssertUnverifiedNoteAsync(string reference, string customer, string marker, string why)
    {
        var ticket = await Api.TicketWithEventAsync(StaffClient, reference, "note");
        var note = InboundMail.LastEvent(ticket, "note");
        Assert.Equal("unverified-mail", note["actor"]!.GetValue<string>());
        Assert.Equal("true", note["details"]!["unverified"]!.GetValue<string>());
        Assert.Contains(why, note["details"]!["why"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(marker, note["details"]!["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("staff-reply", InboundMail.EventTypes(ticket));
        Assert.NotEqual("solved", ticket["status"]!.GetValue<string>());

        var shown = ticket["messages"]!.AsArray().Last(m => m!["direction"]!.GetValue<string>() == "note")!;
        Assert.Equal(StaffEmail, shown["from"]!.GetValue<string>());
        Assert.NotNull(shown["senderAuth"]);

        // Nothing went out: the customer has only the acknowledgement.
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var mails = await Api.MailsToAsync(Client, customer);
        Assert.Single(mails);
        Assert.DoesNotContain(mails, m => m["text"]!.GetValue<string>().Contains(marker, StringComparison.Ordinal));
    }

    private static byte[] StaffMail(string reference, string to, string text) =>
        InboundMail.Compose($"Liam Walsh <{StaffEmail}>", $"Re: [{reference}] Assigned to you (S3 technical): Printer offline", text, InboundMail.MessageId("staff"), to: to);

    /// <summary>Every mail the local mailbox holds about the ticket's assignment, whoever it went to.</summary>
    private async Task<IReadOnlyList<JsonObject>> AssignmentMailsAsync(string reference)
    {
        var all = await Client.GetFromJsonAsync<JsonArray>("/_dev/mail");
        return [.. all!.Select(m => m!.AsObject()).Where(m => m["subject"]!.GetValue<string>().Contains($"[{reference}] Assigned to you", StringComparison.Ordinal))];
    }

    /// <summary>A ticket from a customer's mail, assigned and acknowledged, so nothing else changes it while the test runs.</summary>
    private async Task<(string Reference, string Customer)> NewTicketAsync()
    {
        var customer = Api.UniqueEmail("ann");
        var reference = await InboundMail.ReferenceOf(await InboundMail.PostAsync(env,
            InboundMail.Compose($"Ann Customer <{customer}>", "Printer offline", "The printer is offline.", InboundMail.MessageId()), ParseMode.Raw));
        await Api.TicketWithEventAsync(StaffClient, reference, "assignee-notified");
        await Api.TicketWithEventAsync(StaffClient, reference, "acknowledged");
        return (reference, customer);
    }
}
