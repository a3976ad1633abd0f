using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Support.Core.Calendars;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Ports;
using Support.Core.Tickets;

namespace Support.Core.Voice;

public enum VoicemailProgress
{
    /// <summary>No caller number yet (the recording callback has none); the transcription callback or the sweep files it.</summary>
    WaitingForCaller,

    /// <summary>The inquiry is accepted but triage has not opened the ticket yet; the sweep appends the late part.</summary>
    WaitingForTicket,

    /// <summary>The ticket carries every part received so far.</summary>
    Filed,

    /// <summary>Filed, but Twilio has not handed over the recording yet; the sweep asks again on its next run.</summary>
    WaitingForAudio,
}

/// <summary>
/// Files voicemails as tickets: exactly one per call, whatever the order and repetition of the
/// recording and transcription callbacks. Every step is idempotent and re-runnable from the
/// stored <see cref="VoicemailRecord"/>, so a callback that dies half-way is finished by the next
/// callback or by <see cref="VoicemailSweep"/>.
/// </summary>
public sealed class VoicemailTickets(
    IVoicemailStore store,
    InquiryIntake intake,
    TicketWriter tickets,
    CallerLookup callers,
    IRecordingFetcher recordings,
    IBlobStore blobs,
    RegionPolicy regions,
    TimeProvider time,
    ILogger<VoicemailTickets> logger)
{
    /// <summary>The inquiry attribute holding the transcription when it came before the ticket was opened.</summary>
    public const string TranscriptionAttribute = "transcription";

    public const string NoTranscription = "No transcription: Twilio could not transcribe this message. Please listen to the recording.";

    private const int MaxSaveAttempts = 10;

    /// <summary>Stores what one callback said about the voicemail; a callback repeating known facts changes nothing.</summary>
    public Task<VoicemailRecord> RecordAsync(
        string callSid,
        string region,
        Func<VoicemailRecord, VoicemailRecord> merge,
        CancellationToken cancellationToken) =>
        UpdateAsync(callSid, current =>
        {
            var start = current ?? new VoicemailRecord { CallSid = callSid, FirstSeenAt = time.GetUtcNow(), Region = region };
            var merged = merge(start);
            return current is not null && SameFacts(current, merged) ? null : merged;
        }, cancellationToken);

    /// <summary>
    /// Opens the ticket or appends the parts it lacks. <paramref name="withoutCaller"/> opens it
    /// even when no callback has told us the caller's number.
    /// </summary>
    public async Task<VoicemailProgress> FileAsync(string callSid, bool withoutCaller, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(callSid, cancellationToken)
            ?? throw new InvalidOperationException($"No voicemail is recorded for {callSid}.");
        if (record.Settled)
        {
            return VoicemailProgress.Filed;
        }

        if (record.Submitted is null)
        {
            if (record.From is null && !withoutCaller)
            {
                return VoicemailProgress.WaitingForCaller;
            }

            record = await UpdateAsync(callSid, r => r!.Submitted is null ? r with { Submitted = r.PresentParts } : null, cancellationToken);
        }

        if (record.Reference is null)
        {
            // Built from the claimed parts only, so a retry after a crash submits the same inquiry.
            var result = await intake.AcceptAsync(await SubmissionAsync(record, cancellationToken), cancellationToken);
            record = await UpdateAsync(callSid, r => r!.Reference is null ? r with { Reference = result.Reference } : null, cancellationToken);
            logger.LogInformation("Voicemail {CallSid} filed as {Reference}", callSid, record.Reference);
        }

        foreach (var part in record.Unfiled)
        {
            var filed = record;
            var ticket = await tickets.UpdateAsync(record.Reference!, t => AppendPart(t.Ticket, filed, part), cancellationToken);
            if (ticket is null)
            {
                logger.LogInformation("Voicemail {CallSid}: {Reference} is not opened yet; its {Part} waits for the sweep", callSid, record.Reference, part);
                return VoicemailProgress.WaitingForTicket;
            }

            record = await UpdateAsync(callSid, r => r!.Appended.Contains(part) ? null : r with { Appended = [.. r.Appended, part] }, cancellationToken);
        }

        return VoicemailProgress.Filed;
    }

    /// <summary>
    /// Copies a filed voicemail's finished recording from Twilio into our storage once, and adds it
    /// to the ticket, so staff listen to it from our API. Off the callbacks' path: the sweep calls it,
    /// and calls it again on its next run while Twilio has nothing to give (or fails).
    /// </summary>
    public async Task<VoicemailProgress> KeepRecordingAsync(string callSid, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(callSid, cancellationToken)
            ?? throw new InvalidOperationException($"No voicemail is recorded for {callSid}.");
        if (record is { AwaitsAudio: true, Reference: not null })
        {
            var sid = record.Recording!.Sid!;
            var audio = await recordings.FetchAsync(sid, cancellationToken);
            if (audio is null)
            {
                logger.LogInformation("Voicemail {CallSid}: Twilio has no media for {RecordingSid} yet; the sweep asks again", callSid, sid);
                return VoicemailProgress.WaitingForAudio;
            }

            var name = $"{callSid}/{sid}{(audio.ContentType == "audio/mpeg" ? ".mp3" : string.Empty)}";
            await blobs.PutAsync(BlobContainers.Recordings, name, audio.Content, audio.ContentType, cancellationToken);
            var stored = new StoredRecording(name, audio.ContentType, audio.Content.ToMemory().Length);
            await UpdateAsync(callSid, r => r!.Audio is null ? r with { Audio = stored } : null, cancellationToken);
        }

        return await FileAsync(callSid, withoutCaller: false, cancellationToken);
    }

    private async Task<InquirySubmission> SubmissionAsync(VoicemailRecord record, CancellationToken cancellationToken)
    {
        var region = regions.ForName(record.Region);
        var requester = await callers.FindAsync(record.From, region, cancellationToken);
        var parts = record.Submitted ?? [];
        var recording = parts.Contains(VoicemailRecord.RecordingPart) ? record.Recording : null;
        var transcription = parts.Contains(VoicemailRecord.TranscriptionPart) ? record.Transcription : null;

        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"Voicemail left on the {region.Name} line by {requester.Phone ?? "a caller who withheld their number"}.\n");
        // Twilio's address needs the account's credentials: staff listen to our copy on the ticket instead.
        body.Append(recording is { Status: "completed" } ? "Recording: on the ticket" : "Recording: not available yet");
        if (recording?.DurationSeconds is { } seconds)
        {
            body.Append(CultureInfo.InvariantCulture, $" ({seconds} s)");
        }

        body.Append("\n\n");
        body.Append(transcription switch
        {
            null => "Transcription: not received yet; it will be added to this ticket when it arrives.",
            { Succeeded: true, Text: { Length: > 0 } text } => "Transcription:\n" + TextNormalizer.Body(text),
            _ => NoTranscription,
        });

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["callSid"] = record.CallSid,
            ["direction"] = "inbound",
            ["region"] = region.Name,
            ["voicemail"] = "true",
        };
        Add(attributes, "calledNumber", record.To);
        Add(attributes, "recordingUrl", record.RecordingUrl);
        Add(attributes, "recordingStatus", recording?.Status);
        Add(attributes, "recordingDuration", recording?.DurationSeconds?.ToString(CultureInfo.InvariantCulture));
        if (transcription is { Succeeded: true, Text: { Length: > 0 } said })
        {
            attributes[TranscriptionAttribute] = TextNormalizer.Body(said);
        }

        attributes["transcriptionStatus"] = transcription switch
        {
            null => "pending",
            { Succeeded: true } => "completed",
            _ => "failed",
        };
        if (requester.Phone is null && record.From is not null)
        {
            attributes["callerId"] = TextNormalizer.SingleLine(record.From, 40);
        }

        return new InquirySubmission
        {
            Channel = Channel.Voice,
            Requester = requester,
            Subject = TextNormalizer.SingleLine($"Voicemail from {(requester.Phone is null && requester.Name is null ? "an unknown caller" : requester.Display)}", 200),
            Body = body.ToString(),
            DedupeKey = "voice:voicemail:" + record.CallSid,
            Region = region.Name,
            Attributes = attributes,
        };
    }

    private bool AppendPart(Ticket ticket, VoicemailRecord record, string part)
    {
        var type = part switch
        {
            VoicemailRecord.RecordingPart => VoiceTimelineEvents.VoicemailRecording,
            VoicemailRecord.AudioPart => VoiceTimelineEvents.VoicemailAudio,
            _ => VoiceTimelineEvents.VoicemailTranscription,
        };
        if (ticket.Timeline.Any(e => e.Type == type))
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (part == VoicemailRecord.AudioPart)
        {
            var audio = record.Audio!;
            ticket.Append(now, type, Actors.System,
                ("callSid", record.CallSid),
                ("blob", audio.Blob),
                ("contentType", audio.ContentType),
                ("size", audio.Size.ToString(CultureInfo.InvariantCulture)));
        }
        else if (part == VoicemailRecord.RecordingPart)
        {
            var recording = record.Recording!;
            ticket.Append(now, type, Actors.System,
                ("callSid", record.CallSid),
                ("status", recording.Status),
                ("duration", recording.DurationSeconds?.ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            var transcription = record.Transcription!;
            ticket.Append(now, type, Actors.System,
                ("callSid", record.CallSid),
                ("status", transcription.Succeeded ? "completed" : "failed"),
                ("text", transcription is { Succeeded: true, Text: { Length: > 0 } text } ? TextNormalizer.Body(text) : NoTranscription));
        }

        return true;
    }

    /// <summary>Loads, changes and saves the record until no one else wrote in between. <paramref name="change"/> returns null for "nothing to do".</summary>
    private async Task<VoicemailRecord> UpdateAsync(
        string callSid,
        Func<VoicemailRecord?, VoicemailRecord?> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(callSid, cancellationToken);
            var next = change(current);
            if (next is null)
            {
                return current!;
            }

            var etag = await store.TrySaveAsync(next with { ETag = current?.ETag }, cancellationToken);
            if (etag is not null)
            {
                return next with { ETag = etag };
            }

            if (attempt == MaxSaveAttempts)
            {
                throw new ConcurrencyConflictException("voicemail " + callSid);
            }
        }
    }

    private static bool SameFacts(VoicemailRecord a, VoicemailRecord b) =>
        a.From == b.From && a.To == b.To && a.RecordingUrl == b.RecordingUrl
        && a.Recording == b.Recording && a.Transcription == b.Transcription;

    private static void Add(Dictionary<string, string> attributes, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            attributes[key] = value;
        }
    }
}
