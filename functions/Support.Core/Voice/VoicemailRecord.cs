using System.Text.Json.Serialization;

namespace Support.Core.Voice;

/// <summary>
/// What is known about one voicemail. Parts arrive from separate callbacks; the first value of a
/// part wins, so a repeated callback changes nothing. <see cref="Submitted"/> fixes which parts go
/// into the inquiry; any part that arrives later is appended to the ticket and listed in
/// <see cref="Appended"/>.
/// </summary>
public sealed record VoicemailRecord
{
    public const string RecordingPart = "recording";
    public const string TranscriptionPart = "transcription";

    /// <summary>Our own copy of the recording, fetched from Twilio once the ticket exists.</summary>
    public const string AudioPart = "audio";

    public required string CallSid { get; init; }

    public required DateTimeOffset FirstSeenAt { get; init; }

    public required string Region { get; init; }

    /// <summary>The caller as Twilio sent it (<c>From</c>); only the transcription callback carries it.</summary>
    public string? From { get; init; }

    /// <summary>The Twilio number that was called.</summary>
    public string? To { get; init; }

    /// <summary>Known from either callback: the transcription callback names the recording it transcribed.</summary>
    public string? RecordingUrl { get; init; }

    public VoicemailRecording? Recording { get; init; }

    public VoicemailTranscription? Transcription { get; init; }

    /// <summary>Our copy of the recording's audio; null until the sweep has fetched it from Twilio.</summary>
    public StoredRecording? Audio { get; init; }

    /// <summary>The parts the inquiry was built from; null until a callback claims the submission.</summary>
    public IReadOnlyList<string>? Submitted { get; init; }

    /// <summary>The ticket reference, once intake has accepted the inquiry.</summary>
    public string? Reference { get; init; }

    public IReadOnlyList<string> Appended { get; init; } = [];

    /// <summary>The store's concurrency token; null for a record not stored yet.</summary>
    [JsonIgnore]
    public string? ETag { get; init; }

    [JsonIgnore]
    public IReadOnlyList<string> PresentParts =>
    [
        .. Recording is null ? Array.Empty<string>() : [RecordingPart],
        .. Transcription is null ? Array.Empty<string>() : [TranscriptionPart],
        .. Audio is null ? Array.Empty<string>() : [AudioPart],
    ];

    /// <summary>Twilio has a finished recording we have not copied yet.</summary>
    [JsonIgnore]
    public bool AwaitsAudio => Recording is { Status: "completed", Sid: not null } && Audio is null;

    /// <summary>The parts received that are neither in the inquiry nor on the ticket yet.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Unfiled =>
        [.. PresentParts.Where(p => Submitted?.Contains(p) != true && !Appended.Contains(p))];

    /// <summary>True when the ticket exists (as far as intake is concerned), carries every part received and the recording is ours.</summary>
    public bool Settled => Reference is not null && Unfiled.Count == 0 && !AwaitsAudio;
}

/// <summary>The recording callback's facts. <see cref="Status"/> is Twilio's <c>RecordingStatus</c> (completed, failed, absent).</summary>
public sealed record VoicemailRecording(string Status, string? Url, string? Sid, int? DurationSeconds);

/// <summary>The transcription callback's facts; <see cref="Text"/> is null when Twilio could not transcribe.</summary>
public sealed record VoicemailTranscription(bool Succeeded, string? Text);

/// <summary>Where our copy of a recording is kept (in <c>BlobContainers.Recordings</c>) and what it is.</summary>
public sealed record StoredRecording(string Blob, string ContentType, long Size);
