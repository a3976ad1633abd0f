using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Support.Core.Mail;
using Support.Local.Hosting;
using Xunit;

namespace Support.IntegrationTests.Email;

public enum ParseMode
{
    Raw,
    Default,
}

/// <summary>
/// What SendGrid's MX found when it checked a mail, as it posts it beside the mail in both modes: <c>SPF</c> for the
/// envelope sender and <c>dkim</c> (<c>{@example.com : pass}</c>, or <c>none</c>).
/// </summary>
public sealed record SenderCheck(string Spf, string Dkim, string EnvelopeFrom)
{
    /// <summary>A genuine mail: its From domain's DKIM signature passed (the envelope is a forwarder's, as it often is).</summary>
    public static SenderCheck PassFor(string fromAddress) =>
        new("pass", $"{{@{fromAddress[(fromAddress.LastIndexOf('@') + 1)..]} : pass}}", "sender@example.net");

    /// <summary>A forgery: SPF fails for the forger's envelope sender and nothing signed the From domain.</summary>
    public static SenderCheck Forged { get; } = new("fail", "{@forger.example.org : pass}", "bounce@forger.example.org");
}

/// <summary>Mails from the fixture corpus (made unique per test), posted the way SendGrid Inbound Parse posts them.</summary>
public static class InboundMail
{
    public const string Boundary = "sendgrid-parse-boundary";

    static InboundMail() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static TheoryData<ParseMode> BothModes => new() { ParseMode.Raw, ParseMode.Default };

    /// <summary>A fixture with its fixed references, addresses and Message-IDs replaced, byte for byte otherwise.</summary>
    public static byte[] Fixture(string name, params (string From, string To)[] replacements)
    {
        var path = Path.Combine(RepoRoot.Find(), "tests", "Support.Tests", "Email", "Fixtures", name);

        // Latin-1 maps every byte to one char and back: the non-ASCII fixtures (Shift_JIS, ISO-8859-1) survive untouched.
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(path));
        foreach (var (from, to) in replacements)
        {
            text = text.Replace(from, to, StringComparison.OrdinalIgnoreCase);
        }

        return Encoding.Latin1.GetBytes(text);
    }

    /// <summary>A plain mail written by a person.</summary>
    public static byte[] Compose(string from, string subject, string text, string messageId, string to = "support@example.com", string? inReplyTo = null, string? cc = null, DateTimeOffset? date = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        if (cc is not null)
        {
            message.Cc.Add(MailboxAddress.Parse(cc));
        }

        message.Subject = subject;
        message.MessageId = messageId;
        message.Date = date ?? DateTimeOffset.UtcNow;
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }

        message.Body = new TextPart("plain") { Text = text };
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    public static string MessageId(string who = "customer") => $"{who}.{Guid.NewGuid():N}@mail.example.net";

    public static string InboundKey(AzuriteFixture env) =>
        env.Host.Services.GetRequiredService<IConfiguration>()["InboundEmailKey"]!;

    public static Task<HttpResponseMessage> PostAsync(AzuriteFixture env, byte[] mime, ParseMode mode, string? code = null, SenderCheck? check = null) =>
        PostAsync(env.Host.CreateClient(), Content(mime, mode, check), code ?? InboundKey(env));

    /// <summary>
    /// The address we put in the Reply-To of the mails we send <paramref name="personId"/> about the ticket: replying to
    /// one of them is how a staff member answers the customer by mail.
    /// </summary>
    public static string StaffReplyAddress(LocalHostFactory host, string reference, string personId) =>
        host.Services.GetRequiredService<MailComposer>().StaffReplyAddressFor(reference, personId).Email;

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, HttpContent content, string? code)
    {
        var url = "/api/inquiries/email" + (code is null ? string.Empty : "?code=" + Uri.EscapeDataString(code));
        return await client.PostAsync(url, content);
    }

    public static async Task<string> ReferenceOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["reference"]!.GetValue<string>();
    }

    /// <summary>The name the endpoint stores a post under (its content hash): to check it was kept, or not.</summary>
    public static async Task<string> RawBlobName(HttpContent content) =>
        $"posts/{DateTimeOffset.UtcNow:yyyy-MM-dd}/{Convert.ToHexString(SHA256.HashData(await content.ReadAsByteArrayAsync())).ToLowerInvariant()}";

    /// <summary>The post SendGrid makes of <paramref name="mime"/>; <paramref name="check"/> defaults to a pass for its From address.</summary>
    public static MultipartFormDataContent Content(byte[] mime, ParseMode mode, SenderCheck? check = null) =>
        mode == ParseMode.Raw ? RawContent(mime, check) : DefaultContent(mime, check);

    /// <summary>Raw mode: the whole message in <c>email</c>, next to SendGrid's envelope and sender check fields.</summary>
    public static MultipartFormDataContent RawContent(byte[] mime, SenderCheck? check = null)
    {
        var content = new MultipartFormDataContent(Boundary);
        content.Add(new ByteArrayContent(mime), "email");
        AddCheck(content, mime, check);
        Add(content, "charsets", """{"to":"UTF-8","from":"UTF-8","subject":"UTF-8"}""");
        return content;
    }

    private static void AddCheck(MultipartFormDataContent content, byte[] mime, SenderCheck? check)
    {
        check ??= FromOf(mime) is { } from ? SenderCheck.PassFor(from) : new SenderCheck("none", "none", "sender@example.net");

        Add(content, "envelope", JsonSerializer.Serialize(new { to = new[] { "support@example.com" }, from = check.EnvelopeFrom }));
        Add(content, "SPF", check.Spf);
        Add(content, "dkim", check.Dkim);
    }

    private static string? FromOf(byte[] mime)
    {
        try
        {
            return MimeMessage.Load(new MemoryStream(mime)).From.Mailboxes.FirstOrDefault()?.Address;
        }
        catch (FormatException)
        {
            // Malformed on purpose: SendGrid would have found no sender to check.
            return null;
        }
    }

    /// <summary>
    /// Default mode: the header block as received, addresses and subject decoded, each body field in
    /// its part's own charset (named in <c>charsets</c>), every other part as a file <c>attachmentN</c>.
    /// </summary>
    public static MultipartFormDataContent DefaultContent(byte[] mime, SenderCheck? check = null)
    {
        var message = MimeMessage.Load(new MemoryStream(mime));
        var content = new MultipartFormDataContent(Boundary);
        var charsets = new Dictionary<string, string>(StringComparer.Ordinal);
        var headerEnd = Encoding.Latin1.GetString(mime).IndexOf("\n\n", StringComparison.Ordinal);
        content.Add(new ByteArrayContent(mime[..(headerEnd < 0 ? mime.Length : headerEnd + 1)]), "headers");
        foreach (var (name, value) in new[] { ("from", message.From.ToString()), ("to", message.To.ToString()), ("cc", message.Cc.ToString()), ("subject", message.Subject) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                Add(content, name, value);
                charsets[name] = "UTF-8";
            }
        }

        var info = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var files = 0;
        foreach (var part in message.BodyParts)
        {
            if (part is TextPart { IsAttachment: false } text && (text.IsPlain || text.IsHtml) && done.Add(text.IsPlain ? "text" : "html"))
            {
                var charset = text.ContentType.Charset ?? "utf-8";
                content.Add(new ByteArrayContent(Encoding.GetEncoding(charset).GetBytes(text.Text)), text.IsPlain ? "text" : "html");
                charsets[text.IsPlain ? "text" : "html"] = charset;
                continue;
            }

            var field = $"attachment{++files}";
            using var data = new MemoryStream();
            switch (part)
            {
                case MessagePart { Message: { } inner }:
                    inner.WriteTo(data);
                    break;
                case MimePart { Content: { } body }:
                    body.DecodeTo(data);
                    break;
            }

            var fileName = (part as MimePart)?.FileName ?? field;
            var file = new ByteArrayContent(data.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue(part.ContentType.MimeType);
            content.Add(file, field, fileName);
            info[field] = new Dictionary<string, string> { ["type"] = part.ContentType.MimeType, ["filename"] = fileName, ["name"] = fileName };
            if (part.ContentId is not null)
            {
                info[field]["content-id"] = part.ContentId;
            }
        }

        Add(content, "charsets", JsonSerializer.Serialize(charsets));
        AddCheck(content, mime, check);
        Add(content, "attachments", files.ToString(CultureInfo.InvariantCulture));
        if (files > 0)
        {
            Add(content, "attachment-info", JsonSerializer.Serialize(info));
        }

        return content;
    }

    /// <summary>The mails the local mailbox caught for <paramref name="address"/>, waiting until there are at least <paramref name="count"/>.</summary>
    public static Task<IReadOnlyList<JsonObject>> MailsToAsync(HttpClient client, string address, int count) =>
        Eventually.GetAsync(
            async () => await Api.MailsToAsync(client, address) is { } mails && mails.Count >= count ? mails : null,
            $"{count} mail(s) to {address}");

    public static string Header(JsonObject mail, string name) =>
        mail["headers"]!.AsObject().FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>() ?? string.Empty;

    public static IEnumerable<string> EventTypes(JsonObject ticket) =>
        ticket["timeline"]!.AsArray().Select(e => e!["type"]!.GetValue<string>());

    public static JsonObject LastEvent(JsonObject ticket, string type) =>
        ticket["timeline"]!.AsArray().Last(e => e!["type"]!.GetValue<string>() == type)!.AsObject();

    public static async Task<JsonObject> TicketWhereAsync(HttpClient staff, string reference, Func<JsonObject, bool> condition, string what) =>
        await Eventually.GetAsync(
            async () => await Api.TicketAsync(staff, reference) is { } ticket && condition(ticket) ? ticket : null,
            $"{reference}: {what}");

    private static void Add(MultipartFormDataContent content, string name, string value) =>
        content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(value)), name);
}
