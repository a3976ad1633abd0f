namespace Support.Core.Queues;

/// <summary>
/// The queues between the steps. <c>queues.json</c> beside this file holds the same names for
/// <c>infra/</c> (Bicep loads it); a test keeps the two in step.
/// </summary>
public static class QueueNames
{
    /// <summary>Accepted inquiries from every channel, waiting for triage.</summary>
    public const string Inquiries = "inquiries";

    /// <summary>
    /// Tickets to assign on their own: reopened by the customer, or new ones triage could not assign
    /// (a new ticket is otherwise assigned in triage's delivery, and assignment sends its mails in process).
    /// </summary>
    public const string Assignments = "assignments";

    /// <summary>Tickets the SLA sweep found due for a warning or a breach.</summary>
    public const string SlaDue = "sla-due";

    /// <summary>Staff replies recorded on a ticket, waiting to be mailed to the requester.</summary>
    public const string Outbound = "outbound";

    /// <summary>Tickets owing a GitHub step: an issue to file, or a linked issue to tell of one more customer.</summary>
    public const string Engineering = "engineering";

    /// <summary>Team-chat work: stream posts and updates, the on-duty topic, Slack's events and replies to chat threads.</summary>
    public const string Chat = "chat";

    public static IReadOnlyList<string> All { get; } = [Inquiries, Assignments, SlaDue, Outbound, Engineering, Chat];

    /// <summary>Where the local host parks a message that kept failing (Service Bus uses its dead-letter sub-queue).</summary>
    public static string PoisonOf(string queue) => queue + "-poison";
}
