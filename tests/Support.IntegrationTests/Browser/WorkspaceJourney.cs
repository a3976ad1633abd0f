using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using Support.IntegrationTests.Email;
using Support.IntegrationTests.Voice;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>
/// A support person's day in the console: what customers sent on every channel arrives, and the
/// person reads each first message as it was written, downloads what was attached, and sees the
/// system's own events apart from the conversation.
/// </summary>
public sealed partial class BrowserTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
        .Concat(new byte[] { 0x00, 0xFF, 0x80, 0x0D, 0x0A, 0xE9 }).ToArray();

    [Fact]
    public async Task A_day_in_the_console_staff_read_every_first_message_and_download_what_was_attached()
    {
        await using var browser = await host.NewBrowserAsync();
        var ct = TestContext.Current.CancellationToken;

        // A customer writes through the support page, with phone, product and the urgency they chose.
        var web = await browser.NewPageAsync();
        await web.GotoAsync("/");
        await Accessibility.AssertNoSeriousViolationsAsync(web, "the support page");
        var webCustomer = Api.UniqueEmail("noor");
        await web.FillAsync("#f-name", "Noor Haddad");
        await web.FillAsync("#f-email", webCustomer);
        await web.FillAsync("#f-phone", "+44 20 7946 0991");
        await web.FillAsync("#f-product", "Billing portal");
        await web.SelectOptionAsync("#f-severity", "S2");
        await web.FillAsync("#f-subject", "Invoices page is blank");
        await web.FillAsync("#f-message", "Since this morning the invoices page shows nothing at all.");
        await web.ClickAsync("button[type=submit]");
        var webTicket = (await web.Locator("#reference").TextContentAsync())!.Trim();

        // Three mails: accented UTF-8 with HTML and a PDF, Latin-1 quoted-printable, Shift_JIS.
        var utf8Customer = Api.UniqueEmail("zoe");
        var utf8Ticket = await InboundMail.ReferenceOf(await InboundMail.PostAsync(host.Env, Utf8MailWithPdf(utf8Customer), ParseMode.Raw));
        var latin1Ticket = await InboundMail.ReferenceOf(await InboundMail.PostAsync(host.Env, InboundMail.Fixture(
            "iso-8859-1.eml", ("juergen.mueller@example.de", Api.UniqueEmail("juergen")), ("4b7c1e2a.5d6f@mail.example.de", InboundMail.MessageId())), ParseMode.Raw));
        var sjisTicket = await InboundMail.ReferenceOf(await InboundMail.PostAsync(host.Env, InboundMail.Fixture(
            "shift-jis.eml", ("taro.yamada@example.co.jp", Api.UniqueEmail("taro")), ("20261119000000.1234@example.co.jp", InboundMail.MessageId())), ParseMode.Raw));

        // A voicemail, through Twilio's own callbacks: the transcription first, then the recording.
        var (callSid, caller) = (Voice.Twilio.NewCallSid(), Voice.Twilio.NewCaller());
        var twilio = new Voice.Twilio(new HttpClient { BaseAddress = new Uri(host.BaseUrl) });
        var recordingUrl = $"https://api.twilio.com/2010-04-01/Accounts/AC00/Recordings/RE{callSid[2..]}";
        await twilio.TwimlAsync("/api/voice/transcription?region=uk",
            ("CallSid", callSid), ("TranscriptionSid", "TR" + callSid[2..]), ("TranscriptionStatus", "completed"),
            ("TranscriptionText", "Hi, it is about order 5512, it never arrived. Please call me back."), ("RecordingUrl", recordingUrl), ("From", caller), ("To", Voice.Twilio.UkLine));
        await twilio.TwimlAsync("/api/voice/recording?region=uk",
            ("CallSid", callSid), ("RecordingSid", "RE" + callSid[2..]), ("RecordingStatus", "completed"), ("RecordingUrl", recordingUrl), ("RecordingDuration", "21"));
        var staff = host.Env.Host.CreateStaffClient();
        var voiceTicket = await Eventually.GetAsync(
            async () => (await twilio.TicketsOfAsync(staff, caller)).FirstOrDefault()?["reference"]?.GetValue<string>(),
            "the voicemail's ticket");
        foreach (var reference in new[] { webTicket, utf8Ticket, latin1Ticket, sjisTicket, voiceTicket })
        {
            await Api.TicketWithEventAsync(staff, reference, "triaged");
        }

        var page = await SignInToConsoleAsync(browser);

        var first = await OpenTicketAsync(page, webTicket);
        await Expect(first).ToContainTextAsync("Since this morning the invoices page shows nothing at all.");
        await Expect(first).ToContainTextAsync("Noor Haddad");
        await Expect(first.Locator("dl")).ToContainTextAsync("Phone+442079460991");
        await Expect(first.Locator("dl")).ToContainTextAsync("ProductBilling portal");
        await Expect(first.Locator("dl")).ToContainTextAsync("Chosen urgencyS2");
        await Expect(page.Locator("#timeline")).ToContainTextAsync("Ticket opened from the web form.");
        await Expect(page.Locator("#timeline")).Not.ToContainTextAsync("inquiryId");
        await BrowserHost.ScreenshotAsync(page, "workspace-web-ticket");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the web ticket");

        first = await OpenTicketAsync(page, utf8Ticket);
        await Expect(first).ToContainTextAsync("Zoë Çelik");
        await Expect(first).ToContainTextAsync("Grüße aus Köln – the café's réservations page crashes with “Fehler 500”.");
        await Expect(first.Locator("p.body").First).Not.ToContainTextAsync("> On Monday");
        await Expect(first.Locator(".quoted")).ToBeHiddenAsync();
        await first.GetByText("Show the whole mail with quoted history").ClickAsync();
        await Expect(first.Locator(".quoted")).ToBeVisibleAsync();
        await Expect(first.Locator(".quoted")).ToContainTextAsync("> On Monday you wrote");

        // The HTML is shown only inside a sandboxed frame: the script is gone and the remote image is held back.
        await first.GetByText("Show as formatted (HTML)").ClickAsync();
        var frame = first.Locator("iframe.mail-html");
        await Expect(frame).ToHaveAttributeAsync("sandbox", string.Empty);
        await Expect(page.FrameLocator("iframe.mail-html").Locator("body")).ToContainTextAsync("the café's réservations page");
        var srcdoc = (await frame.GetAttributeAsync("srcdoc"))!;
        Assert.DoesNotContain("<script", srcdoc, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", srcdoc, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("data-remote-src=\"https://tracker.example.net/open.gif\"", srcdoc, StringComparison.Ordinal);
        Assert.DoesNotContain(" src=\"https://tracker", srcdoc, StringComparison.Ordinal);

        // The attachment downloads byte for byte, under its own name.
        await Expect(first.Locator(".attachments")).ToContainTextAsync("application/pdf");
        var download = await page.RunAndWaitForDownloadAsync(() => first.GetByRole(AriaRole.Button, new() { Name = "Download Relevé mars 2026.pdf" }).ClickAsync());
        Assert.Equal("Relevé mars 2026.pdf", download.SuggestedFilename);
        Assert.Equal(Pdf, await File.ReadAllBytesAsync((await download.PathAsync())!, ct));
        await BrowserHost.ScreenshotAsync(page, "workspace-email-ticket");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the email ticket with its formatted mail open");

        // The route behind the button: staff only, the original type, a download that no browser sniffs into a page.
        var url = (await Api.TicketAsync(staff, utf8Ticket))!["messages"]![0]!["attachments"]![0]!["url"]!.GetValue<string>();
        using var file = await staff.GetAsync(url, ct);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment; filename=\"Relev_ mars 2026.pdf\"; filename*=UTF-8''Relev%C3%A9%20mars%202026.pdf", file.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Pdf, await file.Content.ReadAsByteArrayAsync(ct));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await host.Env.Host.CreateClient().GetAsync(url, ct)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await staff.GetAsync(url.Replace("/attachments/1", "/attachments/2", StringComparison.Ordinal), ct)).StatusCode);

        first = await OpenTicketAsync(page, latin1Ticket);
        await Expect(first).ToContainTextAsync("die Bestätigung für Auftrag 7781 ist nie angekommen. Können Sie sie erneut senden?");
        await Expect(first).ToContainTextAsync("Jürgen Müller");

        first = await OpenTicketAsync(page, sjisTicket);
        await Expect(first).ToContainTextAsync("ログインできません。パスワードを再設定しても同じエラーが表示されます。");
        await BrowserHost.ScreenshotAsync(page, "workspace-shift-jis-ticket");

        first = await OpenTicketAsync(page, voiceTicket);
        await Expect(first).ToContainTextAsync("Hi, it is about order 5512, it never arrived. Please call me back.");
        await Expect(first.Locator("dl")).ToContainTextAsync("Caller" + caller);
        await Expect(first.Locator("dl")).ToContainTextAsync("Answered bynobody: voicemail");
        // The shared host has no Twilio account to copy the recording with (VoiceFlowTests covers the copy and its download):
        // the person is told it is on its way, and never shown Twilio's address.
        await Expect(first).ToContainTextAsync("is being copied from Twilio; reload in a minute to listen.");
        await Expect(first.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Listen to the recording") })).ToHaveCountAsync(0);
        await BrowserHost.ScreenshotAsync(page, "workspace-voicemail-ticket");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the voicemail ticket");
    }

    [Fact]
    public async Task Views_show_counts_due_times_and_owners_by_name_and_search_finds_words_of_any_message()
    {
        var word = "Quokka" + Guid.NewGuid().ToString("N")[..6];
        var customer = Api.UniqueEmail("lena");
        var reference = await Api.ReferenceOf(await Api.PostWebAsync(host.Env.Host.CreateClient(),
            new { name = "Lena Fischer", email = customer, subject = "Export stuck", message = $"The export named {word} has been stuck at 99% for an hour." }));
        var staff = host.Env.Host.CreateStaffClient();
        var ticket = await Api.TicketWithEventAsync(staff, reference, "assigned");
        var assignee = ticket["assignee"]!.GetValue<string>();

        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser);
        await page.ClickAsync("[data-queue=open]");
        await Expect(page.Locator("#list-title")).ToHaveTextAsync("All open");
        await Expect(page.Locator("#list-title")).ToBeFocusedAsync();
        await Expect(page.Locator("[data-count=open]")).ToHaveTextAsync(new Regex("^\\([1-9][0-9]*\\)$"));
        var row = page.Locator("#list-rows tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = reference }) });
        await Expect(row.Locator(".severity")).ToHaveTextAsync(ticket["severity"]!.GetValue<string>());
        await Expect(row.Locator(".due")).ToHaveTextAsync(new Regex("^(due in|overdue) [0-9]+ (min|h|d)$"));
        await Expect(row.Locator(".assignee")).Not.ToHaveTextAsync(assignee);
        await Expect(row.Locator(".assignee")).ToHaveTextAsync(new Regex("^[A-Z][a-z]+ [A-Z][a-z]+$"));
        await Expect(row).ToContainTextAsync("ago");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the All open list");

        // Search by a word of the message, from the keyboard: / jumps to the search box.
        await page.Locator("#list-title").PressAsync("/");
        await Expect(page.Locator("#search")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(word.ToLowerInvariant());
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#list-title")).ToHaveTextAsync($"Search: {word.ToLowerInvariant()} (1 found)");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = reference })).ToBeVisibleAsync();

        // j moves to the first row, Enter opens it, r goes to the reply box.
        await page.Locator("#list-title").PressAsync("j");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = reference })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#ticket-title")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("r");
        await Expect(page.Locator("#reply-body")).ToBeFocusedAsync();

        // On a phone the list still shows reference, subject, severity, due and owner.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/console#search/" + customer);
        foreach (var cell in new[] { "a", ".subject", ".severity", ".due", ".assignee" })
        {
            await Expect(page.Locator("#list-rows tr").First.Locator(cell)).ToBeVisibleAsync();
        }

        await BrowserHost.ScreenshotAsync(page, "workspace-list-phone");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the list on a phone");
    }

    [Fact]
    public async Task Staff_assign_by_name_reply_see_the_answer_merge_a_duplicate_and_are_told_why_a_closed_ticket_takes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = Api.UniqueEmail("ines");
        var client = host.Env.Host.CreateClient();
        var staff = host.Env.Host.CreateStaffClient();
        var first = await InboundMail.ReferenceOf(await InboundMail.PostAsync(host.Env,
            InboundMail.Compose($"Inês Sousa <{customer}>", "Cannot upload photos", "Uploading any photo fails with a red banner.", $"<{InboundMail.MessageId()}>"), ParseMode.Raw));
        var duplicate = await InboundMail.ReferenceOf(await InboundMail.PostAsync(host.Env,
            InboundMail.Compose($"Inês Sousa <{customer}>", "Photos again", "Still no photo uploads, and my team is waiting.", $"<{InboundMail.MessageId()}>"), ParseMode.Raw));
        var firstTicket = await Api.TicketWithEventAsync(staff, first, "acknowledged");
        await Api.TicketWithEventAsync(staff, duplicate, "acknowledged");

        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser);

        // Hand it to a technical colleague by name: whichever of the two the rotation did not pick at this hour.
        var colleague = firstTicket["assignee"]?.GetValue<string>() == "oliver" ? "Jordan Reyes" : "Oliver Bennett";
        await OpenTicketAsync(page, first);
        await page.FillAsync("#assign-to", colleague);
        await page.ClickAsync("#assign-form button[type=submit]");
        await Expect(page.Locator("#ticket-meta")).ToContainTextAsync("Assignee" + colleague);
        await Expect(page.Locator("#timeline")).ToContainTextAsync($"Assigned to {colleague} by Amira Okafor");

        // Reply; the customer answers the mail, and the answer shows in the conversation.
        await page.FillAsync("#reply-body", "Could you tell us the size of the photos?");
        await page.ClickAsync("#reply-form button[type=submit]");
        await Expect(page.Locator("#conversation li.out")).ToContainTextAsync("Could you tell us the size of the photos?");
        var reply = (await InboundMail.MailsToAsync(client, customer, 3)).Single(m => m["subject"]!.GetValue<string>().Contains("photos", StringComparison.OrdinalIgnoreCase) && InboundMail.Header(m, "In-Reply-To").Length > 0 && m["text"]!.GetValue<string>().Contains("size of the photos", StringComparison.Ordinal));
        await InboundMail.PostAsync(host.Env, InboundMail.Compose($"Inês Sousa <{customer}>", "Re: " + reply["subject"]!.GetValue<string>(),
            "About 12 MB each, straight from the camera.\n\n> Could you tell us the size of the photos?", $"<{InboundMail.MessageId()}>",
            inReplyTo: InboundMail.Header(reply, "Message-ID")), ParseMode.Raw);
        await InboundMail.TicketWhereAsync(staff, first, t => InboundMail.EventTypes(t).Contains("customer-message"), "the customer's answer");
        await page.ReloadAsync();
        // In the order it was written: the answer (its Date header in whole seconds) follows our reply of the same second.
        await Expect(page.Locator("#conversation > li").Last).ToContainTextAsync("About 12 MB each, straight from the camera.");
        await Expect(page.Locator("#conversation > li").Nth(1)).ToContainTextAsync("Could you tell us the size of the photos?");
        await BrowserHost.ScreenshotAsync(page, "workspace-conversation");

        // Merge the duplicate: both side by side first, then its messages join the kept ticket.
        await OpenTicketAsync(page, duplicate);
        await page.FillAsync("#merge-into", first);
        await page.ClickAsync("#merge-form button[type=submit]");
        await Expect(page.Locator("#merge-confirm")).ToBeVisibleAsync();
        await Expect(page.Locator("#merge-from-card")).ToContainTextAsync("Still no photo uploads");
        await Expect(page.Locator("#merge-into-card")).ToContainTextAsync("Uploading any photo fails");
        await BrowserHost.ScreenshotAsync(page, "workspace-merge-confirm");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the merge confirmation");
        await page.ClickAsync("#merge-yes");
        await Expect(page.Locator("#closed-notice")).ToContainTextAsync($"merged into {first}");
        await Expect(page.Locator("#reply-form")).ToBeHiddenAsync();
        await Expect(page.Locator("#timeline")).ToContainTextAsync($"Merged into {first} by Amira Okafor.");

        await OpenTicketAsync(page, first);

        // Beside the conversation: who this is, and everything of theirs, newest first.
        await Expect(page.Locator("#customer")).ToContainTextAsync("NameInês Sousa");
        await Expect(page.Locator("#customer")).ToContainTextAsync("Tickets2 in all, 1 open");
        await Expect(page.Locator("#customer li").First).ToContainTextAsync(duplicate + " · closed");
        var contact = await staff.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/contacts/" + Uri.EscapeDataString(customer.ToUpperInvariant()), ct);
        Assert.Equal([duplicate, first], contact!["tickets"]!.AsArray().Select(t => t!["reference"]!.GetValue<string>()));
        Assert.Equal("example.com", contact["organisation"]!.GetValue<string>());
        var moved = page.Locator("#conversation li", new() { HasText = "Still no photo uploads, and my team is waiting." });
        await Expect(moved).ToContainTextAsync($"Came with {duplicate}");
        await Expect(page.Locator("#timeline")).ToContainTextAsync($"{duplicate} was merged into this ticket");
        var notice = Assert.Single(await InboundMail.MailsToAsync(client, customer, 4), m => m["subject"]!.GetValue<string>().Contains("continues as", StringComparison.Ordinal));
        Assert.Equal($"[{first}] Your request {duplicate} continues as {first}", notice["subject"]!.GetValue<string>());

        // The closed duplicate takes no reply: the API says why, and the console offers a follow-up instead.
        var closed = await staff.GetAsync($"/api/tickets/{duplicate}", ct);
        using var attempt = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{duplicate}/replies")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { body = "Hello?" }),
        };
        attempt.Headers.TryAddWithoutValidation("If-Match", closed.Headers.ETag!.ToString());
        using var amira = await host.Env.Host.CreateSignedInClientAsync(Me);
        var refused = await amira.SendAsync(attempt, ct);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains($"{duplicate} is closed", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        await OpenTicketAsync(page, duplicate);
        await Expect(page.Locator("#closed-notice")).ToContainTextAsync("a closed ticket is final");
        await Expect(page.Locator("#escalate-form")).ToBeHiddenAsync();
        await BrowserHost.ScreenshotAsync(page, "workspace-closed");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a closed ticket");
        await page.ClickAsync("#follow-up");
        await Expect(page.Locator("#ticket-title")).Not.ToContainTextAsync(duplicate);
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync("Photos again");
        await Expect(page.Locator("#conversation")).ToContainTextAsync($"Follow-up of {duplicate}, opened by Amira Okafor.");
    }

    [Fact]
    public async Task Staff_see_why_a_ticket_was_triaged_and_merge_the_possible_duplicate_it_offers()
    {
        var client = host.Env.Host.CreateClient();
        var staff = host.Env.Host.CreateStaffClient();
        var organisation = $"harbour{Guid.NewGuid():N}.example";
        const string Message = "Since about 9 none of our 40 staff can get into the portal. No error, the login page just reloads.";
        var first = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form($"tom@{organisation}", "Everyone locked out", Message)));
        var second = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form($"ana@{organisation}", "Nobody can log in", Message + " Please hurry.")));
        await Api.TicketWithEventAsync(staff, first, "acknowledged");
        await Api.TicketWithEventAsync(staff, second, "acknowledged");

        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser);
        await OpenTicketAsync(page, second);

        // Why: what decided, every rule that fired, the model's probabilities and the three nearest labelled tickets.
        await Expect(page.Locator("#why-title")).ToHaveTextAsync("Why technical, S1");
        await Expect(page.Locator("#why-decision")).ToContainTextAsync("severity S1:");
        await Expect(page.Locator("#why-rules")).ToContainTextAsync("s1-nobody-can");
        await Expect(page.Locator("#why-probabilities dd").First).ToContainTextAsync(new Regex("^technical \\d+%"));
        await Expect(page.Locator("#why-probabilities dd").Nth(1)).ToContainTextAsync(new Regex("^S1 \\d+%.*\\(S1 from [0-9.]+%\\)$"));
        await Expect(page.Locator("#why-similar li")).ToHaveCountAsync(3);
        await Expect(page.Locator("#why-similar li").First).ToContainTextAsync(new Regex("^technical, S1 \\(\\d+% similar, "));

        // The other ticket is offered as a duplicate; merging shows both side by side and asks before it closes this one.
        await Expect(page.Locator("#duplicates")).ToContainTextAsync($"{first}: Everyone locked out");
        await BrowserHost.ScreenshotAsync(page, "workspace-why-and-duplicates");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a ticket's why and its possible duplicates");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Merge this ticket into {first}…" }).ClickAsync();
        await Expect(page.Locator("#merge-into-card")).ToContainTextAsync($"Kept: {first}");
        await page.ClickAsync("#merge-yes");
        await Expect(page.Locator("#closed-notice")).ToContainTextAsync($"merged into {first}");
        await Expect(page.Locator("#duplicates-box")).ToBeHiddenAsync();
    }

    /// <summary>Opens a ticket as staff do (its link) and returns its first message once shown.</summary>
    private static async Task<ILocator> OpenTicketAsync(IPage page, string reference)
    {
        await page.GotoAsync("/console#ticket/" + reference);
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync(reference);
        var first = page.Locator("#conversation > li").First;
        await Expect(first).ToHaveClassAsync(new Regex("\\bin\\b"));
        return first;
    }

    private static byte[] Utf8MailWithPdf(string customer)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Zoë Çelik", customer));
        message.To.Add(MailboxAddress.Parse("support@example.com"));
        message.Subject = "Réservations: erreur 500";
        message.MessageId = InboundMail.MessageId("zoe");
        message.Date = DateTimeOffset.UtcNow;
        var body = new BodyBuilder
        {
            TextBody = "Grüße aus Köln – the café's réservations page crashes with “Fehler 500”.\n\nZoë\n\n> On Monday you wrote:\n> Please send a screenshot.\n",
            HtmlBody = "<p>Grüße aus Köln – <b>the café's réservations page</b> crashes.</p><script>alert(1)</script>"
                + "<img src=\"https://tracker.example.net/open.gif\" alt=\"\"><img src=x onerror=\"alert(2)\">",
        };
        body.Attachments.Add("Relevé mars 2026.pdf", Pdf, new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }
}
