using Support.IntegrationTests.Email;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>A mail neither SPF nor DKIM vouched for may not be from the address it shows: staff see that where they read it.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task A_mail_whose_sender_is_not_authenticated_is_marked_unverified_where_staff_read_it()
    {
        var customer = Api.UniqueEmail("noor");
        var mime = InboundMail.Compose($"Noor Haddad <{customer}>", "Change my bank details", "Please pay refunds to my new account from now on.", InboundMail.MessageId());
        var reference = await InboundMail.ReferenceOf(await InboundMail.PostAsync(host.Env, mime, ParseMode.Raw, check: SenderCheck.Forged));
        await Api.TicketWithEventAsync(host.Env.Host.CreateStaffClient(), reference, "triaged");

        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser);
        var message = await OpenTicketAsync(page, reference);

        var mark = message.Locator(".unverified");
        await Expect(mark).ToHaveTextAsync("unverified sender");
        await Expect(mark).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("neither aligned with example\\.com"));
        await Accessibility.AssertNoSeriousViolationsAsync(page, "a mail from an unverified sender");
    }
}
