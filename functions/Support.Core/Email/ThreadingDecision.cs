namespace Support.Core.Email;

public enum ReplyAuthor
{
    Customer,

    /// <summary>A person on the roster: the reply goes out to the requester and Cc's.</summary>
    Staff,
}

/// <summary>What a staff member's reply by mail asks for, by its first line.</summary>
public enum StaffCommand
{
    /// <summary>No command: send the reply, the ticket waits on the customer (Pending).</summary>
    Reply,

    /// <summary><c>#solved</c>: send the reply and mark the ticket Solved.</summary>
    Solved,

    /// <summary><c>#open</c>: send the reply and keep the ticket Open.</summary>
    Open,

    /// <summary><c>#note</c>: internal, recorded on the timeline and never sent.</summary>
    Note,
}

/// <summary>What to do with an inbound mail; the pipeline carries it out.</summary>
public abstract record ThreadingDecision(string Why);

/// <summary>
/// The mail continues ticket <paramref name="Reference"/>. For a customer, <paramref name="Reopens"/>
/// says whether it may put a Pending or Solved ticket back to Open (false for automatic mail). For
/// staff, <paramref name="Body"/> is the text without the command line.
/// </summary>
public sealed record ThreadInto(
    string Reference,
    ReplyAuthor Author,
    StaffCommand Command,
    string Body,
    string? StaffPersonId,
    bool Reopens,
    string Why) : ThreadingDecision(Why);

/// <summary>A new ticket; <paramref name="LinkedTo"/> is the ticket a stranger quoted. Acknowledge only when true.</summary>
public sealed record NewTicket(string? LinkedTo, bool Acknowledge, string Why) : ThreadingDecision(Why);

/// <summary>A new ticket that follows up on a closed (or long solved) one.</summary>
public sealed record FollowUp(string Of, bool Acknowledge, string Why) : ThreadingDecision(Why);

/// <summary>A bounce of mail we sent for ticket <paramref name="Reference"/>: record it there, answer nobody.</summary>
public sealed record RecordBounce(string Reference, string Why) : ThreadingDecision(Why);

/// <summary>
/// Mail from a staff address that does not prove it is theirs (no authenticated sender, or not sent to the reply address we
/// gave them about ticket <paramref name="Reference"/>): an internal note flagged unverified, never mail to the customer,
/// and any <c>#solved</c> in it does nothing.
/// </summary>
public sealed record UnverifiedNote(string Reference, string Why) : ThreadingDecision(Why);

/// <summary>Nothing to store on any ticket and nobody to answer.</summary>
public sealed record Ignore(string Why) : ThreadingDecision(Why);
