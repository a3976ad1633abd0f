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
