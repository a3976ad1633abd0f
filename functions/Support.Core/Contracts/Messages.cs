using Support.Core.Domain;

namespace Support.Core.Contracts;

/// <summary>Every queue message names its contract version, so a host can refuse one it does not know instead of misreading it.</summary>
public interface IVersionedMessage
{
    int V { get; }
}

/// <summary>On <c>inquiries</c>: an inquiry accepted at intake, durably stored, waiting for triage.</summary>
public sealed record InquiryMessage(int V, Inquiry Inquiry) : IVersionedMessage
{
    public const int CurrentVersion = 1;

    public static InquiryMessage For(Inquiry inquiry) => new(CurrentVersion, inquiry);
}

/// <summary>On <c>assignments</c>: a ticket to assign on its own (reopened, or one triage could not assign).</summary>
public sealed record AssignmentMessage(int V, string Reference) : IVersionedMessage
{
    public const int CurrentVersion = 1;

    public static AssignmentMessage For(string reference) => new(CurrentVersion, reference);
}

/// <summary>On <c>engineering</c>: a ticket owing a GitHub step (a new issue to file, or a linked issue to tell), to perform.</summary>
public sealed record EngineeringMessage(int V, string Reference) : IVersionedMessage
{
    public const int CurrentVersion = 1;

    public static EngineeringMessage For(string reference) => new(CurrentVersion, reference);

    /// <summary>The message id: one owed step per ticket, so publishing it again while one waits adds nothing.</summary>
    public static string IdFor(string reference) => $"{reference}:github";

    /// <summary>
    /// The message id of a forum step: not the GitHub step's, or Service Bus's duplicate detection (ten minutes) would drop
    /// a feature request confirmed soon after triage owed its ticket an issue, and the forum step would wait for nothing.
    /// </summary>
    public static string ForumIdFor(string reference) => $"{reference}:forum";
}

/// <summary>
/// On <c>chat</c>: one piece of team-chat work, so Slack being down or rate-limited delays the chat and never the ticket.
/// <see cref="Kind"/> says which: <see cref="Stream"/> (show <see cref="Reference"/> in the stream as it now stands, for
/// <see cref="Events"/>), <see cref="Handoff"/> (set the support channel's topic to who is on duty and post
/// <see cref="Text"/> once for the handoff named in <see cref="Reference"/>), <see cref="SlackEvent"/> (an Events API callback acknowledged already, its JSON in
/// <see cref="Payload"/>), <see cref="Reply"/> (staff's reply <see cref="MessageId"/> on a chat ticket, to its thread).
/// </summary>
public sealed record ChatQueueMessage(
    int V,
    string Kind,
    string? Reference = null,
    IReadOnlyList<string>? Events = null,
    string? Text = null,
    string? Payload = null,
    string? MessageId = null) : IVersionedMessage
{
    public const int CurrentVersion = 1;

    public const string Stream = "stream";
    public const string Handoff = "handoff";
    public const string SlackEvent = "slack-event";
    public const string Reply = "reply";

    public static ChatQueueMessage ForStream(string reference, IReadOnlyList<string> events) => new(CurrentVersion, Stream, reference, events);

    /// <summary>A handoff: <paramref name="key"/> (in <see cref="Reference"/>) names it, so its summary is posted once.</summary>
    public static ChatQueueMessage ForHandoff(string key, string text) => new(CurrentVersion, Handoff, key, Text: text);

    public static ChatQueueMessage ForSlackEvent(string payload) => new(CurrentVersion, SlackEvent, Payload: payload);

    public static ChatQueueMessage ForReply(string reference, string messageId) => new(CurrentVersion, Reply, reference, MessageId: messageId);
}
