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
