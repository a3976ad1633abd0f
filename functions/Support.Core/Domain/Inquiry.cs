namespace Support.Core.Domain;

/// <summary>
/// One inquiry from any channel, normalized. Carried on the intake queue and kept with the
/// ticket as the original submission.
/// </summary>
public sealed record Inquiry
{
    public required string Id { get; init; }

    /// <summary>The reference the submitter was told at intake.</summary>
    public required string Reference { get; init; }

    public required Channel Channel { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required Requester Requester { get; init; }

    public required string Subject { get; init; }

    /// <summary>Plain text. Empty when the text is too long to inline and sits in <see cref="BodyBlob"/>.</summary>
    public required string Body { get; init; }

    public string? BodyBlob { get; init; }

    public string? Region { get; init; }

    /// <summary>The source's own id (Idempotency-Key, Message-ID, CallSid) or a content hash: one inquiry per value.</summary>
    public required string SourceId { get; init; }

    public Severity? DeclaredSeverity { get; init; }

    public string? Product { get; init; }

    /// <summary>The language we write to the customer in (en, fr, de, es); null on inquiries accepted before languages.</summary>
    public string? Language { get; init; }

    /// <summary>Other addresses on the conversation (email Cc/To), lower-case.</summary>
    public IReadOnlyList<string> Participants { get; init; } = [];

    /// <summary>Channel-specific facts (call duration, recording link, …) shown on the ticket.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}
