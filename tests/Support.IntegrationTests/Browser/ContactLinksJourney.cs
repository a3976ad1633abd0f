using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Support.IntegrationTests.Browser;

/// <summary>Staff take apart two customers a shared phone joined, and link a customer's other address, from the customer panel.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Staff_unlink_a_shared_office_phone_and_link_a_customers_other_address_from_the_customer_panel()
    {
        var client = host.Env.Host.CreateClient();
        var staff = host.Env.Host.CreateStaffClient();
        var phone = "+4420794" + Random.Shared.Next(10000, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (sam, kit, samsOther) = (Api.UniqueEmail("sam"), Api.UniqueEmail("kit"), Api.UniqueEmail("sam.home"));
        var samsTicket = await Api.ReferenceOf(await Api.PostWebAsync(client, new { name = "Sam Ortiz", email = sam, phone, subject = "Invoice copy", message = "Please send a copy of invoice 118." }));
        var kitsTicket = await Api.ReferenceOf(await Api.PostWebAsync(client, new { name = "Kit Lam", email = kit, phone, subject = "New seat", message = "We need one more seat." }));
        await Api.TicketWithEventAsync(staff, samsTicket, "assigned");
        await Api.TicketWithEventAsync(staff, kitsTicket, "assigned");

        await using var browser = await host.NewBrowserAsync();
        var page = await SignInToConsoleAsync(browser);
        await page.GotoAsync("/console#ticket/" + samsTicket);
        var panel = page.Locator("#customer-body");
        await Expect(panel).ToContainTextAsync(kitsTicket);
        await Expect(panel).ToContainTextAsync(kit);

        // The office phone is shared: Kit is someone else.
        await panel.GetByRole(AriaRole.Button, new() { Name = $"Unlink {phone} from {sam}" }).ClickAsync();
        await Expect(page.Locator("#flash")).ToHaveTextAsync($"Unlinked {phone} from {sam}.");
        await Expect(panel).Not.ToContainTextAsync(kitsTicket);
        await Expect(panel).Not.ToContainTextAsync(kit);
        await Expect(panel).ToContainTextAsync("1 in all, 1 open");

        // Sam also writes from home.
        await panel.Locator("#link-other").FillAsync(samsOther);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Link", Exact = true }).ClickAsync();
        await Expect(page.Locator("#flash")).ToHaveTextAsync($"Linked {samsOther} to {sam}.");
        await Expect(panel).ToContainTextAsync(samsOther);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the customer panel with its links");
        await BrowserHost.ScreenshotAsync(page, "workspace-contact-links");

        var contact = (await staff.GetFromJsonAsync<JsonObject>("/api/contacts/" + Uri.EscapeDataString(sam)))!;
        Assert.Equal(new[] { sam, samsOther }.Order(StringComparer.Ordinal), contact["emails"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Empty(contact["phones"]!.AsArray());
        Assert.Single(contact["tickets"]!.AsArray());

        // Kit's own view is untouched by what staff said of Sam's phone... except that the phone is no longer Sam's.
        var kits = (await staff.GetFromJsonAsync<JsonObject>("/api/contacts/" + Uri.EscapeDataString(kit)))!;
        Assert.Contains(phone, kits["phones"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.DoesNotContain(sam, kits["emails"]!.AsArray().Select(e => e!.GetValue<string>()));
    }
}
