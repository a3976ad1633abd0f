namespace Support.Web.Conversation;

public static class MessageDirections
{
    public const string In = "in";
    public const string Out = "out";
    public const string Note = "note";
}

/// <summary>One message of the conversation as the staff API shows it.</summary>
public sealed record MessageView
{
    /// <summary><c>inquiry</c> for the message that opened the ticket; <c>e</c> and the timeline position for later ones.</summary>
    public required string Id { get; init; }

    /// <summary>When it reached us.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>When the sender says it was sent (a mail's Date header), when known.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary><c>in</c> from the customer, <c>out</c> to the customer, <c>note</c> internal.</summary>
    public required string Direction { get; init; }

    public required string Channel { get; init; }

    /// <summary>An address or number for the customer; the roster id for staff.</summary>
    public string? From { get; init; }

    public string? FromName { get; init; }

    public string? To { get; init; }

    public string? Cc { get; init; }

    public string? Subject { get; init; }

    /// <summary>What was written this time, decoded, quoted history trimmed.</summary>
    public required string Text { get; init; }

    /// <summary>The whole text with its quoted history, when it differs from <see cref="Text"/>.</summary>
    public string? FullText { get; init; }

    /// <summary>The mail's HTML, sanitized; only ever to be shown in a sandboxed frame.</summary>
    public string? Html { get; init; }

    public IReadOnlyList<AttachmentView> Attachments { get; init; } = [];

    public RecordingView? Recording { get; init; }

    public string? Transcription { get; init; }

    /// <summary>What the web form asked besides the message.</summary>
    public FormFacts? Form { get; init; }

    public CallFacts? Call { get; init; }

    /// <summary>
    /// For mail: <c>pass</c> when it is provably from its From address (SPF or DKIM aligned with it), <c>fail</c> when
    /// not (the console marks the sender unverified); null for other channels and mail from before the check.
    /// </summary>
    public string? SenderAuth { get; init; }

    /// <summary>Why the sender passed or failed the check (domains only).</summary>
    public string? SenderAuthWhy { get; init; }

    /// <summary>The ticket this message was merged from, when it came with a duplicate.</summary>
    public string? MergedFrom { get; init; }
}

/// <param name="Url">A staff-only download route streaming the bytes as the customer sent them.</param>
public sealed record AttachmentView(string Name, string ContentType, long? Size, string Url);

/// <param name="Url">The staff-only route streaming our copy of the recording; null while the sweep is still fetching it from Twilio.</param>
/// <param name="Name">The file name the download is saved under.</param>
public sealed record RecordingView(string? Url, int? DurationSeconds, string Name);

/// <param name="ChosenSeverity">The urgency the customer picked on the form (a hint to triage).</param>
public sealed record FormFacts(string? Phone, string? Product, string? ChosenSeverity);

/// <param name="AnsweredBy">The name of the staff member who took the call; null for a voicemail.</param>
public sealed record CallFacts(string? Caller, string? Number, int? DurationSeconds, string? AnsweredBy, bool Voicemail);
