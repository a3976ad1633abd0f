using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Core.Sla;
using Support.Core.Tickets;

namespace Support.Core.Notifications;

/// <summary>
/// Which mails a ticket is owed now, decided from the ticket, its inquiry and a roster snapshot with
/// no I/O: the requester's acknowledgement (with the reference and when to expect an answer), the
/// assignee's notice, and the on-duty manager's alert for every S1 ticket and every assignment made
/// without anyone eligible. Each mail goes out once per ticket: it is claimed in the ticket's
/// <see cref="MailLedger"/> (<see cref="Claim"/>) in the write that makes it owed, and <see cref="MailOutbox"/> sends it.
/// </summary>
public sealed class OwedMailRules(MailComposer composer, StaffMailComposer staffComposer, ISlaPolicy sla, ILogger<OwedMailRules> logger)
{
    public const string AcknowledgementKey = "ack";

    public const string ManagerS1Key = "manager:s1";

    /// <summary>Timeline event: the customer was told which reference to use after a merge.</summary>
    public const string MergeNoticeSent = "merge-notice-sent";

    /// <summary>
    /// How long a claim holds. Shorter than the queue's visibility timeout / lock duration, so when
    /// a sender dies mid-send, its redelivered message finds the claim expired and sends.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Claims on <paramref name="ticket"/> every mail it is owed now and nobody holds, for the caller to save with
    /// its own change. <paramref name="inquiry"/> is the ticket's inquiry for an email ticket (its acknowledgement
    /// answers the customer's mail and may be refused); null for other channels.
    /// </summary>
    public OwedMails Claim(StoredTicket stored, Inquiry? inquiry, RosterDocument roster, DateTimeOffset now)
    {
        var wanted = Wanted(stored.Ticket, stored.Mail, inquiry, roster, now);
        var claimId = Guid.NewGuid().ToString("N");
        var claimed = false;
        foreach (var key in wanted.SelectMany(w => w.Keys))
        {
            claimed |= stored.ClaimMail(key, claimId, now, ClaimLease) == MailClaimResult.Claimed;
        }

        return new OwedMails(claimId, wanted, claimed);
    }

    /// <summary>
    /// Claims on the merged <paramref name="duplicate"/> the one mail telling its customer which reference to use from
    /// now on (in the language the duplicate's customer was written to), unless it was sent or another delivery holds
    /// it. Built on <paramref name="survivor"/>, the ticket that continues, so a reply to it threads there. A customer
    /// without an email address is told nothing; the timeline says so.
    /// </summary>
    public OwedMails ClaimMergeNotice(StoredTicket duplicate, Ticket survivor, DateTimeOffset now)
    {
        var key = "merged:" + survivor.Reference;
        var ticket = duplicate.Ticket;
        WantedMail wanted;
        if (ticket.Requester.Email is not { } address)
        {
            wanted = new WantedMail([key], MergeNoticeSent, "-", null, "the requester has no email address");
        }
        else
        {
            var words = CustomerMailText.For(ticket.Language);
            var greeting = words.Greeting(ticket.Requester.Name);
            var joined = string.Format(words.Culture, words.Merged, ticket.Reference, ticket.Subject, survivor.Reference, survivor.Subject);
            var text = $"{greeting}\n\n{joined}\n";
            var html = $"<p>{System.Net.WebUtility.HtmlEncode(greeting)}</p><p>{words.Html(words.Merged, (ticket.Reference, false), (ticket.Subject, false), (survivor.Reference, true), (survivor.Subject, false))}</p>";
            var mail = composer.Build(survivor, key + ":" + ticket.Reference, [new MailAddress(address, ticket.Requester.Name)],
                string.Format(words.Culture, words.MergedSubject, survivor.Reference, ticket.Reference), text, html,
                new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Auto-Submitted"] = "auto-generated", ["Content-Language"] = words.Language });
            wanted = new WantedMail([key], MergeNoticeSent, address, mail, null);
        }

        var claimId = Guid.NewGuid().ToString("N");
        var claimed = duplicate.ClaimMail(key, claimId, now, ClaimLease) == MailClaimResult.Claimed;
        return new OwedMails(claimId, [wanted], claimed);
    }

    private List<WantedMail> Wanted(Ticket ticket, MailLedger ledger, Inquiry? inquiry, RosterDocument roster, DateTimeOffset now)
    {
        var wanted = new List<WantedMail>();
        var firstResponse = sla.FirstResponse(ticket);
        if (!ledger.HasSent(AcknowledgementKey))
        {
            var inReplyTo = inquiry?.Attributes.GetValueOrDefault(EmailInquiry.Keys.MessageId);
            wanted.Add(ticket.Requester.Email is null || ticket.Channel == Channel.Chat
                ? new WantedMail([AcknowledgementKey], TimelineEventTypes.Acknowledged, "-", null,
                    ticket.Channel == Channel.Chat ? "acknowledged in its Slack thread" : "the requester has no email address")
                : ticket.OpenedByBooking is not null
                ? new WantedMail([AcknowledgementKey], TimelineEventTypes.Acknowledged, "-", null, "the booking confirmation is the acknowledgement")
                : new WantedMail([AcknowledgementKey], TimelineEventTypes.Acknowledged, ticket.Requester.Email, composer.Acknowledgement(ticket, AcknowledgementKey, firstResponse, inReplyTo), null)
                {
                    Gated = true,
                    Inquiry = inquiry,
                });
        }

        if (ticket.Assignee is { } assigneeId && ticket.AssignedAt is { } assignedAt)
        {
            var key = $"assignee:{assigneeId}:{assignedAt.ToUnixTimeSeconds()}";
            if (!ledger.HasSent(key) && roster.Find(assigneeId) is { } person)
            {
                var reason = ticket.Timeline.LastOrDefault(e => e.Type == TimelineEventTypes.Assigned)?.Details.GetValueOrDefault("why") ?? "assigned";
                var notice = composer.ForStaff(composer.AssigneeNotice(ticket, key, new MailAddress(person.Email, person.Name), reason, firstResponse), ticket.Reference, person.Id);
                wanted.Add(new WantedMail([key], TimelineEventTypes.AssigneeNotified, person.Id, notice, null));
            }
        }

        if (ManagerAlert(ticket, ledger, roster, firstResponse, now) is { } alert)
        {
            wanted.Add(alert);
        }

        return wanted;
    }

    private WantedMail? ManagerAlert(Ticket ticket, MailLedger ledger, RosterDocument roster, SlaDue firstResponse, DateTimeOffset now)
    {
        var pending = new List<(string Key, string Reason)>();
        if (ticket.Severity == Severity.S1 && !ledger.HasSent(ManagerS1Key))
        {
            pending.Add((ManagerS1Key, "S1: production down or severe business impact"));
        }

        if (ManagerAttentionSinceAssigned(ticket) is { } attention)
        {
            var key = $"manager:attention:{ticket.AssignedAt?.ToUnixTimeSeconds()}";
            if (!ledger.HasSent(key))
            {
                pending.Add((key, $"assigned without anyone eligible: {attention}"));
            }
        }

        if (pending.Count == 0)
        {
            return null;
        }

        if (OnDuty.For(roster, SupportRole.Manager, now) is not { } manager)
        {
            logger.LogError("{Reference} needs a manager but the roster has no manager on duty", ticket.Reference);
            return null;
        }

        // One mail for everything the manager must hear now; each reason is recorded as told.
        var alert = composer.ForStaff(
            staffComposer.ManagerAlert(ticket, pending[0].Key, new MailAddress(manager.Email, manager.Name), [.. pending.Select(p => p.Reason)], firstResponse),
            ticket.Reference, manager.Id);
        return new WantedMail([.. pending.Select(p => p.Key)], TimelineEventTypes.ManagerNotified, manager.Id, alert, null);
    }

    /// <summary>Why the manager must hear of the current assignment, when they must.</summary>
    private static string? ManagerAttentionSinceAssigned(Ticket ticket)
    {
        for (var i = ticket.Timeline.Count - 1; i >= 0; i--)
        {
            var e = ticket.Timeline[i];
            if (e.Type == TimelineEventTypes.ManagerAttention)
            {
                return e.Details.GetValueOrDefault("why") ?? "no reason given";
            }

            if (e.Type == TimelineEventTypes.Assigned)
            {
                return null;
            }
        }

        return null;
    }
}

/// <summary>The mails a ticket was owed when claimed, and under which claim.</summary>
public sealed class OwedMails
{
    internal OwedMails(string claimId, IReadOnlyList<WantedMail> wanted, bool claimedAny)
    {
        ClaimId = claimId;
        Wanted = wanted;
        ClaimedAny = claimedAny;
    }

    /// <summary>True when the claim took at least one mail: the ticket changed and must be saved.</summary>
    public bool ClaimedAny { get; }

    internal string ClaimId { get; }

    internal IReadOnlyList<WantedMail> Wanted { get; }
}

/// <param name="Keys">The mail keys the one mail settles (a manager's alert may tell several things at once).</param>
/// <param name="NotSendableBecause">Why the mail cannot go at all (recorded as its outcome); null when <paramref name="Mail"/> is set.</param>
internal sealed record WantedMail(IReadOnlyList<string> Keys, string EventType, string To, OutgoingMail? Mail, string? NotSendableBecause)
{
    /// <summary>
    /// The acknowledgement, which the gate may still refuse (loop guard, rate limit). Asked only once the mail
    /// is claimed, so a refusal check that counts (the rate limit) counts each mail once.
    /// </summary>
    public bool Gated { get; init; }

    /// <summary>The email inquiry the gate reads the "do not answer" mark from; null for other channels.</summary>
    public Inquiry? Inquiry { get; init; }
}
