using System.Collections.Concurrent;
using MimeKit;
using Support.IntegrationTests.Email;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>A remote image tells its sender the mail was read: staff load a mail's remote images only when they choose to.</summary>
public sealed partial class BrowserTests
{
    private const string RemoteImage = "https://images.example.net/logo.gif";

    [Fact]
    public async Task A_mails_remote_images_load_only_when_staff_ask_and_only_for_that_mail()
    {
        var customer = Api.UniqueEmail("mia");
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mia Berg", customer));
        message.To.Add(MailboxAddress.Parse("support@example.com"));
        message.Subject = "Our logo is cut off on invoices";
        message.MessageId = InboundMail.MessageId();
        message.Body = new BodyBuilder
        {
            TextBody = "Our logo is cut off on every invoice since Monday.",
            HtmlBody = $"<p>Our logo is cut off on every invoice since Monday:</p><img src=\"{RemoteImage}\" alt=\"our logo as printed\">",
        }.ToMessageBody();
        using var mime = new MemoryStream();
        await message.WriteToAsync(mime, TestContext.Current.CancellationToken);
        var reference = await InboundMail.ReferenceOf(await InboundMail.PostAsync(host.Env, mime.ToArray(), ParseMode.Raw));
        await Api.TicketWithEventAsync(host.Env.Host.CreateStaffClient(), reference, "triaged");

        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser);

        // The image's host does not exist here, so every fetch the browser makes of it ends in a console error naming it.
        var fetched = new ConcurrentQueue<string>();
        page.Console += (_, m) =>
        {
            if (m.Location.StartsWith(RemoteImage, StringComparison.Ordinal))
            {
                fetched.Enqueue(m.Location);
            }
        };
        var first = await OpenTicketAsync(page, reference);
        await first.GetByText("Show as formatted (HTML)").ClickAsync();
        var mail = page.FrameLocator("iframe.mail-html");
        await Expect(mail.Locator("body")).ToContainTextAsync("Our logo is cut off");
        await Expect(first).ToContainTextAsync("Remote images in this mail are not loaded, so the sender cannot tell it was read.");
        await Expect(mail.Locator("img[alt='our logo as printed']")).Not.ToHaveAttributeAsync("src", RemoteImage);
        await BrowserHost.ScreenshotAsync(page, "workspace-remote-images-held");

        await first.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Load remote images" }).ClickAsync();

        await Expect(first).ToContainTextAsync("Remote images are loaded for this mail.");
        await Expect(mail.Locator("img[alt='our logo as printed']")).ToHaveAttributeAsync("src", RemoteImage);
        await Eventually.GetAsync(() => Task.FromResult(fetched.IsEmpty ? null : "fetched"), "the browser to fetch the remote image");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a mail with its remote images loaded");

        // Another visit starts from the safe default again.
        await page.ReloadAsync();
        await Expect(page.Locator("#ticket-title")).ToContainTextAsync(reference);
        var again = page.Locator("#conversation > li").First;
        await again.GetByText("Show as formatted (HTML)").ClickAsync();
        await Expect(again).ToContainTextAsync("Remote images in this mail are not loaded");
    }
}
