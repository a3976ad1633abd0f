using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Support.Core.Calendars;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Voice;

namespace Support.Core.Welcome;

/// <summary>
/// The welcome mail: who the support team is, how to reach it on each channel (the web form, the
/// support address, each region's phone numbers from the region policy), and where to book an
/// onboarding session (the booking page, on the onboarding kind). The customer's name is user input: it only reaches headers cleaned.
/// </summary>
public sealed class WelcomeMailComposer(IOptions<MailOptions> mail, IOptions<SiteOptions> site, RegionPolicy regions)
{
    public OutgoingMail Compose(Signup signup)
    {
        var team = mail.Value.TeamName;
        var links = new PublicLinks(site);
        var webForm = links.SupportPageUrl();
        var address = mail.Value.FromAddress;
        var booking = links.BookPageUrl(("kind", "onboarding"));
        var phones = regions.Regions
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => (Region: r.Name.ToUpperInvariant(), Numbers: string.Join(", ", r.Numbers)))
            .ToList();

        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Hello {signup.Name},")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Welcome aboard, and thank you for choosing the {signup.Plan} plan. We are {team}, and we are here whenever you need help.")
            .AppendLine()
            .AppendLine("How to reach us:")
            .AppendLine(CultureInfo.InvariantCulture, $"- Web form: {webForm}")
            .AppendLine(CultureInfo.InvariantCulture, $"- Email: {address}");
        foreach (var (region, numbers) in phones)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Phone ({region}): {numbers}");
        }

        text.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Book an onboarding session with us: {booking}")
            .AppendLine()
            .AppendLine(team);

        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<p>Hello {Html(signup.Name)},</p>")
            .Append(CultureInfo.InvariantCulture, $"<p>Welcome aboard, and thank you for choosing the {Html(signup.Plan)} plan. We are {Html(team)}, and we are here whenever you need help.</p>")
            .Append("<p>How to reach us:</p><ul>")
            .Append(CultureInfo.InvariantCulture, $"<li>Web form: <a href=\"{Html(webForm)}\">{Html(webForm)}</a></li>")
            .Append(CultureInfo.InvariantCulture, $"<li>Email: <a href=\"mailto:{Html(address)}\">{Html(address)}</a></li>");
        foreach (var (region, numbers) in phones)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>Phone ({Html(region)}): {Html(numbers)}</li>");
        }

        html.Append("</ul>")
            .Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Html(booking)}\">Book an onboarding session</a></p>")
            .Append(CultureInfo.InvariantCulture, $"<p>{Html(team)}</p>");

        var messageId = MessageIdFor(signup.Email);
        return new OutgoingMail
        {
            From = new MailAddress(address, mail.Value.FromName),
            To = [new MailAddress(signup.Email, MailHeaders.Clean(signup.Name))],
            Subject = MailHeaders.Clean($"Welcome to {team}"),
            Text = text.ToString(),
            Html = html.ToString(),
            MessageId = messageId,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Message-ID"] = $"<{messageId}>",
                ["Auto-Submitted"] = "auto-generated",
            },
        };
    }

    /// <summary>One Message-ID per signup, so a resend after a lost record is recognisable as the same mail; a hash keeps the address out of it.</summary>
    public string MessageIdFor(string email) =>
        $"welcome.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email)))[..24]}@{mail.Value.MessageIdDomain}";

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
