using System.Globalization;
using System.Text;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Intake;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Core.Voice;

namespace Support.Web.Conversation;

/// <summary>
/// The ticket's conversation as a person reads it: the inquiry that opened it, then every message
/// from the customer, every reply and every note, in the order they were written. Everything
/// else on the timeline (triage, assignment, SLA, mails) stays on the timeline.
/// </summary>
public sealed class ConversationReader(ITicketStore store, IBlobStore blobs, IRosterStore rosters, MailHtml html)
{
    /// <summary>The message id of the inquiry; later messages are <c>e</c> and their timeline position.</summary>
    public const string InquiryId = "inquiry";

    public async Task<IReadOnlyList<MessageView>> ReadAsync(Ticket ticket, bool remoteImages, CancellationToken cancellationToken)
    {
        var inquiry = await store.GetInquiryAsync(ticket.Reference, cancellationToken);
        var roster = await rosters.GetAsync(cancellationToken);
        var messages = new List<(MessageView Message, int Arrival)>();
        if (inquiry is not null)
        {
            messages.Add((await FromInquiryAsync(ticket, inquiry, roster, remoteImages, cancellationToken), -1));
        }

        for (var i = 0; i < ticket.Timeline.Count; i++)
        {
            var e = ticket.Timeline[i];
            if (TimelineEventTypes.Messages.Contains(e.Type))
            {
                messages.Add((await FromEventAsync(ticket, e, EventId(i), roster, remoteImages, cancellationToken), i));
            }
        }

        // The order agreed with email threading: when the sender wrote it (a mail's Date) where known, else when it
        // arrived; then arrival, so two messages of the same instant keep the order they came in. A Date header
        // counts whole seconds, so it stands for the end of its second (never past arrival): an answer sent in the
        // same second as our reply still follows it.
        return [.. messages.OrderBy(m => OrderOf(m.Message)).ThenBy(m => m.Arrival).Select(m => m.Message)];
    }

    private static DateTimeOffset OrderOf(MessageView message)
    {
        if (message.SentAt is not { } sent)
        {
            return message.At;
        }

        var endOfSecond = sent.AddSeconds(1).AddTicks(-1);
        var notBeforeArrival = sent > message.At ? sent : message.At;
        return endOfSecond < notBeforeArrival ? endOfSecond : notBeforeArrival;
    }

    public static string EventId(int index) => "e" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The stored attachments of one message of the ticket; null when the ticket has no such message.</summary>
    public async Task<IReadOnlyList<StoredAttachment>?> AttachmentsAsync(Ticket ticket, string messageId, CancellationToken cancellationToken)
    {
        if (messageId == InquiryId)
        {
            var inquiry = await store.GetInquiryAsync(ticket.Reference, cancellationToken);
            return inquiry is null ? null : ArchivedMail.AttachmentsOf(inquiry.Attributes);
        }

        return EventOf(ticket, messageId) is { } e ? ArchivedMail.AttachmentsOf(e.Details) : null;
    }

    /// <summary>The timeline event with message id <paramref name="messageId"/>, when it is a message.</summary>
    public static TimelineEvent? EventOf(Ticket ticket, string messageId) =>
        messageId.StartsWith('e')
        && int.TryParse(messageId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
        && index < ticket.Timeline.Count
        && TimelineEventTypes.Messages.Contains(ticket.Timeline[index].Type)
            ? ticket.Timeline[index]
            : null;

    private async Task<MessageView> FromInquiryAsync(Ticket ticket, Inquiry inquiry, RosterDocument roster, bool remoteImages, CancellationToken cancellationToken)
    {
        var a = inquiry.Attributes;
        var text = await InquiryIntake.ReadBodyAsync(inquiry, blobs, cancellationToken);
        var message = new MessageView
        {
            Id = InquiryId,
            At = inquiry.ReceivedAt,
            SentAt = Ticket.SentAt(a),
            Direction = MessageDirections.In,
            Channel = WireNames.Of(inquiry.Channel),
            From = inquiry.Requester.Email ?? inquiry.Requester.Phone,
            FromName = inquiry.Requester.Name,
            To = a.GetValueOrDefault(EmailInquiry.Keys.To),
            Cc = a.GetValueOrDefault(EmailInquiry.Keys.Cc),
            Subject = inquiry.Subject,
            Text = text,
            FullText = await TextAsync(a.GetValueOrDefault(EmailInquiry.Keys.FullText), cancellationToken),
            Html = await HtmlAsync(a.GetValueOrDefault(EmailInquiry.Keys.Html), remoteImages, cancellationToken),
            Attachments = Attachments(ticket.Reference, InquiryId, a),
            SenderAuth = a.GetValueOrDefault(SenderVerdict.Detail),
            SenderAuthWhy = a.GetValueOrDefault(SenderVerdict.WhyDetail),
        };
        return inquiry.Channel switch
        {
            Channel.Web => message with
            {
                Form = new FormFacts(inquiry.Requester.Phone, inquiry.Product, inquiry.DeclaredSeverity is { } s ? WireNames.Of(s) : null),
            },
            Channel.Voice when a.ContainsKey("voicemail") => Voicemail(message, ticket, inquiry, roster),
            Channel.Voice => message with { Call = CallOf(inquiry, roster) },
            _ => message,
        };
    }

    private async Task<MessageView> FromEventAsync(Ticket ticket, TimelineEvent e, string id, RosterDocument roster, bool remoteImages, CancellationToken cancellationToken)
    {
        var d = e.Details;
        var type = e.Type == TimelineEventTypes.MergedMessage ? d.GetValueOrDefault("originalType") ?? TimelineEventTypes.CustomerMessage : e.Type;
        var fromCustomer = type == TimelineEventTypes.CustomerMessage;
        var author = fromCustomer ? null : roster.Find(e.Actor);

        // Mail from a staff address that did not prove it was theirs is shown by the address it claimed, not as the person.
        var byAddress = fromCustomer || e.Actor == Actors.UnverifiedMail;
        return new MessageView
        {
            Id = id,
            At = e.At,
            SentAt = Ticket.SentAt(d),
            Direction = fromCustomer ? MessageDirections.In : type == TimelineEventTypes.InternalNote ? MessageDirections.Note : MessageDirections.Out,
            Channel = d.GetValueOrDefault("channel") ?? (fromCustomer || type == TimelineEventTypes.StaffReply ? "email" : "console"),
            From = byAddress ? d.GetValueOrDefault("from") : e.Actor,
            FromName = byAddress ? d.GetValueOrDefault("fromName") : author?.Name ?? e.Actor,
            To = fromCustomer ? d.GetValueOrDefault(EmailInquiry.Keys.To) : type == TimelineEventTypes.StaffReply ? ticket.Requester.Email : null,
            Cc = d.GetValueOrDefault(EmailInquiry.Keys.Cc),
            Subject = d.GetValueOrDefault("subject"),
            Text = d.GetValueOrDefault("body") ?? string.Empty,
            FullText = await TextAsync(d.GetValueOrDefault(EmailInquiry.Keys.FullText) ?? d.GetValueOrDefault("bodyBlob"), cancellationToken),
            Html = await HtmlAsync(d.GetValueOrDefault(EmailInquiry.Keys.Html), remoteImages, cancellationToken),
            Attachments = Attachments(ticket.Reference, id, d),
            MergedFrom = d.GetValueOrDefault("mergedFrom"),
            SenderAuth = d.GetValueOrDefault(SenderVerdict.Detail),
            SenderAuthWhy = d.GetValueOrDefault(SenderVerdict.WhyDetail),
        };
    }

    /// <summary>A voicemail's transcription and recording, from the inquiry or, when they came after the ticket was opened, from its timeline.</summary>
    private static MessageView Voicemail(MessageView message, Ticket ticket, Inquiry inquiry, RosterDocument roster)
    {
        var a = inquiry.Attributes;
        var late = ticket.Timeline.LastOrDefault(e => e.Type == VoiceTimelineEvents.VoicemailTranscription)?.Details;
        var transcription = a.GetValueOrDefault(VoicemailTickets.TranscriptionAttribute) ?? late?.GetValueOrDefault("text");
        var recording = ticket.Timeline.LastOrDefault(e => e.Type == VoiceTimelineEvents.VoicemailRecording)?.Details;
        var audio = ticket.Timeline.LastOrDefault(e => e.Type == VoiceTimelineEvents.VoicemailAudio)?.Details;

        // Twilio's own address is never shown: it needs the account's credentials. Until our copy is stored the URL is null.
        var known = audio is not null || recording is not null || a.ContainsKey("recordingUrl");
        return message with
        {
            Text = transcription ?? message.Text,
            Transcription = transcription,
            Recording = !known ? null : new RecordingView(
                audio is null ? null : RecordingUrl(ticket.Reference),
                Seconds(recording?.GetValueOrDefault("duration") ?? a.GetValueOrDefault("recordingDuration")),
                RecordingName(ticket.Reference, audio?.GetValueOrDefault("contentType"))),
            Call = CallOf(inquiry, roster),
        };
    }

    private static CallFacts CallOf(Inquiry inquiry, RosterDocument roster)
    {
        var a = inquiry.Attributes;
        var answeredBy = a.GetValueOrDefault(DialStatusRoute.AnsweredByAttribute);
        return new CallFacts(
            inquiry.Requester.Phone ?? a.GetValueOrDefault("callerId"),
            a.GetValueOrDefault("calledNumber"),
            Seconds(a.GetValueOrDefault("duration") ?? a.GetValueOrDefault("recordingDuration")),
            answeredBy is null ? null : roster.Find(answeredBy)?.Name ?? answeredBy,
            a.ContainsKey("voicemail"));
    }

    /// <summary>The blob and content type of the ticket's stored voicemail recording, or null when there is none yet.</summary>
    public static (string Blob, string ContentType, string Name)? StoredRecording(Ticket ticket) =>
        ticket.Timeline.LastOrDefault(e => e.Type == VoiceTimelineEvents.VoicemailAudio)?.Details is { } d
        && d.GetValueOrDefault("blob") is { } blob
            ? (blob, d.GetValueOrDefault("contentType") ?? "audio/mpeg", RecordingName(ticket.Reference, d.GetValueOrDefault("contentType")))
            : null;

    private static string RecordingUrl(string reference) => $"/{Routes.Prefix}/{Routes.TicketRecording.Replace("{reference}", Uri.EscapeDataString(reference), StringComparison.Ordinal)}";

    private static string RecordingName(string reference, string? contentType) =>
        $"{reference} voicemail{(contentType is null or "audio/mpeg" ? ".mp3" : string.Empty)}";

    private static IReadOnlyList<AttachmentView> Attachments(string reference, string messageId, IReadOnlyDictionary<string, string> details) =>
        [.. ArchivedMail.AttachmentsOf(details).Select((a, i) => new AttachmentView(
            a.Name,
            a.ContentType,
            a.Size < 0 ? null : a.Size,
            $"/{Routes.Prefix}/tickets/{Uri.EscapeDataString(reference)}/messages/{messageId}/attachments/{(i + 1).ToString(CultureInfo.InvariantCulture)}"))];

    private async Task<string?> TextAsync(string? blob, CancellationToken cancellationToken) =>
        blob is null || await blobs.GetAsync(BlobContainers.Bodies, blob, cancellationToken) is not { } data
            ? null
            : Encoding.UTF8.GetString(data.ToMemory().Span);

    private async Task<string?> HtmlAsync(string? blob, bool remoteImages, CancellationToken cancellationToken) =>
        await TextAsync(blob, cancellationToken) is { } markup ? html.Sanitize(markup, remoteImages) : null;

    private static int? Seconds(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
}
