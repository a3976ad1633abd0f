using System.Net;
using System.Text.Json;

namespace Support.Local.DevMail;

/// <summary>
/// SendGrid's v3 mail-send endpoint, in process: the real SendGrid client sends its real request
/// here, and the message goes to the <see cref="DevMailbox"/>. Anything but a well-formed v3
/// request gets SendGrid's own kind of 400, so a bad request shows up locally too.
/// </summary>
public sealed class DevSendGridHandler(DevMailbox mailbox) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.RequestUri?.AbsolutePath.EndsWith("/v3/mail/send", StringComparison.Ordinal) != true)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        if (request.Headers.Authorization is not { Scheme: "Bearer", Parameter.Length: > 0 })
        {
            return Error(HttpStatusCode.Unauthorized, "The provided authorization grant is invalid, expired, or revoked");
        }

        var json = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        DevMail mail;
        try
        {
            mail = Read(json);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Error(HttpStatusCode.BadRequest, ex.Message);
        }

        await mailbox.AddAsync(mail, cancellationToken);
        var response = new HttpResponseMessage(HttpStatusCode.Accepted);
        response.Headers.Add("X-Message-Id", Guid.NewGuid().ToString("N"));
        return response;
    }

    private static DevMail Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var personalization = root.GetProperty("personalizations")[0];
        string? Content(string type) => root.TryGetProperty("content", out var content)
            ? content.EnumerateArray().FirstOrDefault(c => c.GetProperty("type").GetString() == type) is { ValueKind: JsonValueKind.Object } part
                ? part.GetProperty("value").GetString()
                : null
            : null;

        // SendGrid merges message-level and personalization headers; the personalization's win.
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in new[] { root, personalization })
        {
            if (source.TryGetProperty("headers", out var h))
            {
                foreach (var header in h.EnumerateObject())
                {
                    headers[header.Name] = header.Value.GetString() ?? string.Empty;
                }
            }
        }

        var to = Addresses(personalization, "to");
        if (to.Count == 0)
        {
            throw new InvalidOperationException("The to array is required for all personalization objects");
        }

        return new DevMail
        {
            To = to,
            Cc = Addresses(personalization, "cc"),
            From = root.GetProperty("from").GetProperty("email").GetString() ?? string.Empty,
            ReplyTo = root.TryGetProperty("reply_to", out var replyTo) ? replyTo.GetProperty("email").GetString() : null,
            Subject = personalization.TryGetProperty("subject", out var ps) ? ps.GetString() ?? string.Empty
                : root.TryGetProperty("subject", out var s) ? s.GetString() ?? string.Empty : string.Empty,
            Text = Content("text/plain") ?? string.Empty,
            Html = Content("text/html") ?? string.Empty,
            Headers = headers,
            Attachments = root.TryGetProperty("attachments", out var files)
                ? [.. files.EnumerateArray().Select(a => new DevMailAttachment(
                    a.GetProperty("filename").GetString() ?? string.Empty,
                    a.TryGetProperty("type", out var type) ? type.GetString() ?? string.Empty : string.Empty,
                    a.GetProperty("content").GetString() ?? string.Empty))]
                : [],
        };
    }

    private static List<string> Addresses(JsonElement personalization, string field) =>
        personalization.TryGetProperty(field, out var list)
            ? [.. list.EnumerateArray().Select(a => a.GetProperty("email").GetString() ?? string.Empty)]
            : [];

    private static HttpResponseMessage Error(HttpStatusCode status, string message) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message }, DevMailErrorJson.Default.DictionaryStringString)),
    };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class DevMailErrorJson : System.Text.Json.Serialization.JsonSerializerContext;
