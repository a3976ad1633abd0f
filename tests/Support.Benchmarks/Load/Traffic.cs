using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MimeKit;
using Support.Adapters.Twilio;

namespace Support.Benchmarks.Load;

/// <summary>
/// One event of each kind, sent as the channel sends it, with the payload shapes the integration tests use: the web
/// form's JSON, SendGrid Inbound Parse's raw-mode post (with its SPF and DKIM verdicts), Twilio's signed voicemail
/// callbacks, and the staff API's reply and status change from a person signed in to the console (with the ETag
/// just read, as the console does).
/// </summary>
public sealed class Traffic(HttpClient http, HttpClient staff, HostSecrets? secrets, IReadOnlyList<string> openTickets)
{
    private const string UkLine = "+442079460100";

    private readonly ConcurrentQueue<(string Reference, string From, string MessageId, string Subject)> _mails = new();
    private readonly ConcurrentBag<string> _created = [.. openTickets];
    private int _caller;
    private int _staffTurn;

    public async Task<Post> SendAsync(LoadKind kind, string tag, CancellationToken cancellationToken)
    {
        var sentAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            var (status, reference) = kind switch
            {
                LoadKind.Web => await WebAsync(tag, cancellationToken),
                LoadKind.Email => await EmailAsync(tag, cancellationToken),
                LoadKind.Reply => await ReplyAsync(tag, cancellationToken),
                LoadKind.Voice => await VoiceAsync(tag, cancellationToken),
                LoadKind.Staff => await StaffAsync(tag, reply: true, cancellationToken),
                _ => await StaffAsync(tag, reply: false, cancellationToken),
            };
            return new Post(kind, sentAt, clock.Elapsed.TotalMilliseconds, status, reference);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // No answer in time counts as refused, as it would for the sender.
            return new Post(kind, sentAt, clock.Elapsed.TotalMilliseconds, 0, null);
        }
    }

    private async Task<(HttpStatusCode, string?)> WebAsync(string tag, CancellationToken cancellationToken)
    {
        var form = new
        {
            name = "Load Tester",
            email = $"load.{Guid.NewGuid():N}@example.com",
            subject = "Cannot log in since the update",
            message = $"After this morning's update the login page shows error 500 for our whole team ({tag}). We tried two browsers and cleared the cache; it still fails. Could you look into it?",
        };
        using var response = await http.PostAsJsonAsync("/api/inquiries/web", form, cancellationToken);
        return await AcceptedAsync(response, cancellationToken);
    }

    private async Task<(HttpStatusCode, string?)> EmailAsync(string tag, CancellationToken cancellationToken)
    {
        var from = $"mail.{Guid.NewGuid():N}@example.net";
        var messageId = $"customer.{Guid.NewGuid():N}@mail.example.net";
        var subject = "Invoice shows the wrong VAT rate";
        var (status, reference) = await PostMailAsync(
            Compose(from, subject, $"Our invoice for November shows 19% VAT instead of 7% ({tag}). Could you send a corrected one?", messageId, inReplyTo: null),
            cancellationToken);
        if (reference is not null)
        {
            _mails.Enqueue((reference, from, messageId, subject));
        }

        return (status, reference);
    }

    /// <summary>The customer answers their own earlier mail (each mail is answered once), so it threads into its ticket.</summary>
    private async Task<(HttpStatusCode, string?)> ReplyAsync(string tag, CancellationToken cancellationToken)
    {
        if (!_mails.TryDequeue(out var earlier))
        {
            return await EmailAsync(tag, cancellationToken);
        }

        var (status, _) = await PostMailAsync(
            Compose(earlier.From, "Re: " + earlier.Subject, $"One more detail ({tag}): the order number is 4711.", $"customer.{Guid.NewGuid():N}@mail.example.net", earlier.MessageId),
            cancellationToken);
        return (status, null);
    }

    /// <summary>A caller leaves a voicemail: Twilio's recording callback, then its transcription (the ticket's text).</summary>
    private async Task<(HttpStatusCode, string?)> VoiceAsync(string tag, CancellationToken cancellationToken)
    {
        var callSid = "CA" + Guid.NewGuid().ToString("N");
        var caller = "+44207946" + (Interlocked.Increment(ref _caller) % 10000).ToString("D4", CultureInfo.InvariantCulture);
        var recordingUrl = $"https://api.twilio.com/2010-04-01/Accounts/{Secrets.TwilioAccountSid}/Recordings/RE{callSid[2..]}";
        var recording = await TwilioAsync("/api/voice/recording?region=uk", cancellationToken,
            ("CallSid", callSid), ("RecordingSid", "RE" + callSid[2..]), ("RecordingStatus", "completed"), ("RecordingUrl", recordingUrl), ("RecordingDuration", "14"));
        if (recording != HttpStatusCode.OK)
        {
            return (recording, null);
        }

        var transcription = await TwilioAsync("/api/voice/transcription?region=uk", cancellationToken,
            ("CallSid", callSid), ("TranscriptionSid", "TR" + callSid[2..]), ("TranscriptionStatus", "completed"),
            ("TranscriptionText", $"Hello, my invoice is wrong, please call me back ({tag})."), ("RecordingUrl", recordingUrl), ("From", caller), ("To", UkLine));
        return (transcription, null);
    }

    /// <summary>A staff reply or a status change on one of the tickets created so far, with the ETag read just before.</summary>
    private async Task<(HttpStatusCode, string?)> StaffAsync(string tag, bool reply, CancellationToken cancellationToken)
    {
        var candidates = _created.ToArray();
        if (candidates.Length == 0)
        {
            return await WebAsync(tag, cancellationToken);
        }

        var reference = candidates[(int)((uint)Interlocked.Increment(ref _staffTurn) * 2654435761u % (uint)candidates.Length)];
        using var read = await staff.GetAsync($"/api/tickets/{reference}", cancellationToken);
        if (!read.IsSuccessStatusCode)
        {
            return (read.StatusCode, null);
        }

        using var request = reply
            ? new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{reference}/replies") { Content = JsonContent.Create(new { body = $"Thanks, we are looking into it ({tag})." }) }
            : new HttpRequestMessage(HttpMethod.Patch, $"/api/tickets/{reference}") { Content = JsonContent.Create(new { status = "solved" }) };
        request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag?.ToString());
        using var response = await staff.SendAsync(request, cancellationToken);

        // Someone else changed it between the read and the write (a customer reply, a timer): the console shows 412 and
        // the person reads again; that is a refusal here, not a failure.
        return (response.StatusCode, null);
    }

    private HostSecrets Secrets => secrets ?? throw new InvalidOperationException("Mail and voice need the in-process host's keys.");

    private async Task<(HttpStatusCode, string?)> PostMailAsync(byte[] mime, CancellationToken cancellationToken)
    {
        using var content = new MultipartFormDataContent("sendgrid-parse-boundary");
        content.Add(new ByteArrayContent(mime), "email");
        var from = MimeMessage.Load(new MemoryStream(mime), cancellationToken).From.Mailboxes.First().Address;
        content.Add(new StringContent(JsonSerializer.Serialize(new { to = new[] { "support@example.com" }, from = "sender@example.net" })), "envelope");
        content.Add(new StringContent("pass"), "SPF");
        content.Add(new StringContent($"{{@{from[(from.LastIndexOf('@') + 1)..]} : pass}}"), "dkim");
        content.Add(new StringContent("""{"to":"UTF-8","from":"UTF-8","subject":"UTF-8"}"""), "charsets");
        using var response = await http.PostAsync("/api/inquiries/email?code=" + Uri.EscapeDataString(Secrets.InboundEmailKey), content, cancellationToken);
        return await AcceptedAsync(response, cancellationToken);
    }

    private async Task<HttpStatusCode> TwilioAsync(string path, CancellationToken cancellationToken, params (string Name, string Value)[] fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignature.Header, TwilioSignature.Compute(Secrets.TwilioAuthToken, Secrets.PublicBaseUrl.ToString().TrimEnd('/') + path, form));
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    private async Task<(HttpStatusCode, string?)> AcceptedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }

        var reference = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["reference"]?.GetValue<string>();
        if (reference is not null)
        {
            _created.Add(reference);
        }

        return (response.StatusCode, reference);
    }

    private static byte[] Compose(string from, string subject, string text, string messageId, string? inReplyTo)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("support@example.com"));
        message.Subject = subject;
        message.MessageId = messageId;
        message.Date = DateTimeOffset.UtcNow;
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
}

/// <summary>One event sent: its kind, when, how long the answer took, the answer, and the new ticket's reference.</summary>
public sealed record Post(LoadKind Kind, DateTimeOffset SentAt, double IntakeMs, HttpStatusCode Status, string? Reference)
{
    public bool Succeeded => (int)Status is >= 200 and < 300;
}
