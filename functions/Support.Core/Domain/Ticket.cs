namespace Support.Core.Domain;

/// <summary>
/// A ticket and its timeline. Changes go through methods that append to the timeline, so the
/// timeline is the audit trail of every change. What storing it takes (its version, the events
/// already stored) and the outbox's mail claims live beside it, in <see cref="Tickets.StoredTicket"/>.
/// </summary>
public sealed class Ticket
{
    private readonly List<TimelineEvent> _timeline = [];

    public required string Reference { get; init; }

    public required Channel Channel { get; init; }

    public required Requester Requester { get; init; }

    public required string Subject { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string? Region { get; init; }

    /// <summary>The language the customer's mails are written in (en, fr, de, es); null means English.</summary>
    public string? Language { get; init; }

    public TicketStatus Status { get; private set; } = TicketStatus.New;

    public Category Category { get; private set; } = Category.Question;

    public Severity Severity { get; private set; } = Severity.S3;

    public IReadOnlyList<string> TriageReasons { get; private set; } = [];

    /// <summary>The model's side of the triage (probabilities, similar past inquiries); null for rules-only triage.</summary>
    public Triage.TriageExplanation? TriageExplanation { get; private set; }

    /// <summary>The inquiry's sentence embedding (base64 of 384 floats), for finding possible duplicates.</summary>
    public string? TriageEmbedding { get; private set; }

    public bool Triaged { get; private set; }

    public string? Assignee { get; private set; }

    public DateTimeOffset? AssignedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Other addresses on the conversation (lower-case): they may thread in, and staff replies copy them.</summary>
    public IReadOnlyList<string> Participants { get; private set; } = [];

    /// <summary>The ticket's SLA targets: each one's due time, and whether and when it was met or breached.</summary>
    public IReadOnlyList<SlaTargetState> Sla { get; private set; } = [];

    /// <summary>The earliest due time of a target still running (neither met nor breached); what "breaching soon" looks at.</summary>
    public DateTimeOffset? NextSlaDue => Sla.Where(t => t.MetAt is null && t.BreachedAt is null && t.Due is not null).Min(t => t.Due);

    /// <summary>The GitHub issue engineering tracks this ticket's problem in; owed (no number yet) until it is filed.</summary>
    public EngineeringIssue? GitHub { get; private set; }

    /// <summary>The public forum topic this feature request is tracked in; owed (no id yet) until posted.</summary>
    public ForumTopic? Forum { get; private set; }

    public IReadOnlyList<TimelineEvent> Timeline => _timeline;

    public TicketOwnership Ownership => new(Assignee, Status, AssignedAt);

    public static Ticket Open(Inquiry inquiry, DateTimeOffset now)
    {
        var ticket = new Ticket
        {
            Reference = inquiry.Reference,
            Channel = inquiry.Channel,
            Requester = inquiry.Requester,
            Subject = inquiry.Subject,
            CreatedAt = inquiry.ReceivedAt,
            Region = inquiry.Region,
            Language = inquiry.Language,
            Participants = inquiry.Participants,
        };
        ticket.UpdatedAt = now;
        ticket._timeline.Add(TimelineEvent.Create(
            inquiry.ReceivedAt,
            TimelineEventTypes.Received,
            Actors.Customer,
            ("channel", WireNames.Of(inquiry.Channel)),
            ("inquiryId", inquiry.Id),
            (SentAtDetail, inquiry.Attributes.GetValueOrDefault(SentAtDetail)),
            (Assignment.PreviousOwner.FollowUpOfAttribute, inquiry.Attributes.GetValueOrDefault(Assignment.PreviousOwner.FollowUpOfAttribute)),
            (BookingDetail, inquiry.Attributes.GetValueOrDefault(BookingDetail)),
            (SessionKindDetail, inquiry.Attributes.GetValueOrDefault(SessionKindDetail)),
            (SessionGiverDetail, inquiry.Attributes.GetValueOrDefault(SessionGiverDetail))));
        return ticket;
    }

    /// <summary>The detail (and inquiry attribute) naming the booking that opened a ticket: its confirmation is the ticket's acknowledgement.</summary>
    public const string BookingDetail = "booking";

    /// <summary>The detail (and inquiry attribute) naming the kind of session (phone, onboarding) of the booking that opened a ticket.</summary>
    public const string SessionKindDetail = "sessionKind";

    /// <summary>The detail (and inquiry attribute) naming who gives the session of the booking that opened a ticket: its first owner.</summary>
    public const string SessionGiverDetail = "sessionWith";

    /// <summary>The booking that opened this ticket, if one did.</summary>
    public string? OpenedByBooking => Received(BookingDetail);

    /// <summary>The kind of session of the booking that opened this ticket, if one did.</summary>
    public string? SessionKind => Received(SessionKindDetail);

    /// <summary>Who gives the session of the booking that opened this ticket, if one did.</summary>
    public string? SessionGiver => Received(SessionGiverDetail);

    private string? Received(string detail) => Timeline.FirstOrDefault(e => e.Type == TimelineEventTypes.Received)?.Details.GetValueOrDefault(detail);

    /// <summary>
    /// The detail (and inquiry attribute) holding when the customer sent a message (the mail's Date header, round-trip
    /// "o" format): the conversation is ordered by it, then by arrival (<see cref="TimelineEvent.At"/>).
    /// </summary>
    public const string SentAtDetail = "sentAt";

    /// <summary>The detail of a customer message listing the addresses it brought onto the conversation (comma-separated).</summary>
    public const string ParticipantsAddedDetail = "participantsAdded";

    /// <summary>
    /// A message from the customer (or a participant) as it goes on the timeline, built apart from any ticket so one that
    /// arrives before its ticket exists can be held and recorded when the ticket is opened (<see cref="AbsorbHeldMessages"/>).
    /// <paramref name="arrivedAt"/> is when we received it; <paramref name="newParticipants"/> are the addresses it copied.
    /// </summary>
    public static TimelineEvent CustomerMessage(
        string from,
        string? messageId,
        string body,
        DateTimeOffset? sentAt,
        DateTimeOffset arrivedAt,
        IReadOnlyCollection<string> newParticipants,
        params (string Key, string? Value)[] extra) =>
        TimelineEvent.Create(arrivedAt, TimelineEventTypes.CustomerMessage, Actors.Customer,
        [
            ("from", from), ("messageId", messageId), ("body", body),
            (SentAtDetail, sentAt?.ToUniversalTime().ToString("o", System.Globalization.CultureInfo.InvariantCulture)),
            (ParticipantsAddedDetail, newParticipants.Count == 0 ? null : string.Join(',', newParticipants)),
            .. extra,
        ]);

    /// <summary>Where a customer message stands in the conversation: by when it was sent, then by when it arrived.</summary>
    public static (DateTimeOffset SentAt, DateTimeOffset ArrivedAt) ConversationOrder(TimelineEvent message) =>
        (SentAt(message.Details) ?? message.At, message.At);

    /// <summary>The <see cref="SentAtDetail"/> of a message's details (an inquiry's attributes or an event's), when it has one.</summary>
    public static DateTimeOffset? SentAt(IReadOnlyDictionary<string, string> details) =>
        details.TryGetValue(SentAtDetail, out var sent)
        && DateTimeOffset.TryParse(sent, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var at)
            ? at : null;

    /// <summary>Rebuilds a ticket from its state and timeline (<see cref="Tickets.StoredTicket.Restore"/>).</summary>
    public static Ticket Restore(TicketState state, IEnumerable<TimelineEvent> timeline)
    {
        var ticket = new Ticket
        {
            Reference = state.Reference,
            Channel = state.Channel,
            Requester = state.Requester,
            Subject = state.Subject,
            CreatedAt = state.CreatedAt,
            Region = state.Region,
            Language = state.Language,
            Participants = state.Participants,
            Status = state.Status,
            Category = state.Category,
            Severity = state.Severity,
            TriageReasons = state.TriageReasons,
            TriageExplanation = state.TriageExplanation,
            TriageEmbedding = state.TriageEmbedding,
            Triaged = state.Triaged,
            Assignee = state.Assignee,
            AssignedAt = state.AssignedAt,
            UpdatedAt = state.UpdatedAt,
            Sla = state.Sla,
            GitHub = state.GitHub,
            Forum = state.Forum,
        };
        ticket._timeline.AddRange(timeline);
        return ticket;
    }

    /// <summary>The ticket's state without its timeline (the mail ledger beside it is <see cref="Tickets.StoredTicket.ToState"/>'s to add).</summary>
    public TicketState ToState() => new()
    {
        Reference = Reference,
        Channel = Channel,
        Requester = Requester,
        Subject = Subject,
        CreatedAt = CreatedAt,
        Region = Region,
        Language = Language,
        Participants = Participants,
        Status = Status,
        Category = Category,
        Severity = Severity,
        TriageReasons = TriageReasons,
        TriageExplanation = TriageExplanation,
        TriageEmbedding = TriageEmbedding,
        Triaged = Triaged,
        Assignee = Assignee,
        AssignedAt = AssignedAt,
        UpdatedAt = UpdatedAt,
        Sla = Sla,
        GitHub = GitHub,
        Forum = Forum,
    };

    public void ApplyTriage(TriageResult result, DateTimeOffset now)
    {
        Category = result.Category;
        Severity = result.Severity;
        TriageReasons = result.Reasons;
        TriageExplanation = result.Explanation;
        TriageEmbedding = result.Explanation?.Embedding is { } embedding
            ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(embedding.AsSpan()))
            : null;
        Triaged = true;
        Append(now, TimelineEventTypes.Triaged, Actors.System,
            ("category", WireNames.Of(result.Category)),
            ("severity", WireNames.Of(result.Severity)),
            ("why", string.Join("; ", result.Reasons)));
    }

    public void Assign(string personId, string reason, string actor, DateTimeOffset now)
    {
        var previous = Assignee;
        Assignee = personId;
        AssignedAt = now;
        Append(now, TimelineEventTypes.Assigned, actor,
            ("assignee", personId),
            ("previous", previous),
            ("why", reason));
    }

    /// <summary>Leaves the ticket to nobody: it shows as unassigned until someone takes it.</summary>
    public void Unassign(string actor, DateTimeOffset now)
    {
        var previous = Assignee;
        Assignee = null;
        AssignedAt = null;
        Append(now, TimelineEventTypes.Unassigned, actor, ("previous", previous));
    }

    public void MoveTo(TicketStatus status, string actor, DateTimeOffset now, string? reason = null)
    {
        if (status == Status)
        {
            return;
        }

        if (!TicketStatusMachine.CanMove(Status, status))
        {
            throw new InvalidStatusTransitionException(Status, status);
        }

        var from = Status;
        Status = status;
        Append(now, TimelineEventTypes.StatusChanged, actor,
            ("from", WireNames.Of(from)),
            ("to", WireNames.Of(status)),
            ("why", reason));
    }

    /// <summary>
    /// Records a message from the customer; a reply to a ticket waiting on the customer (Pending)
    /// or marked Solved puts it back in our court (Open) unless <paramref name="reopen"/> is false
    /// (automatic mail). False when the message is on the timeline already (redelivery).
    /// </summary>
    public bool RecordCustomerMessage(string from, string? messageId, string body, bool reopen, DateTimeOffset now, params (string Key, string? Value)[] extra) =>
        RecordCustomerMessage(CustomerMessage(from, messageId, body, null, now, [], extra), reopen, now);

    /// <summary>Records <paramref name="message"/> (from <see cref="CustomerMessage"/>) and the participants it added; as above.</summary>
    public bool RecordCustomerMessage(TimelineEvent message, bool reopen, DateTimeOffset now)
    {
        if (HasMessage(message.Details.GetValueOrDefault("messageId")))
        {
            return false;
        }

        UpdatedAt = now;
        _timeline.Add(message);
        AddParticipants(message);
        if (reopen && Status is TicketStatus.Pending or TicketStatus.Solved)
        {
            MoveTo(TicketStatus.Open, Actors.Customer, now, "the customer replied");
        }

        return true;
    }

    /// <summary>
    /// Records, on a ticket being opened, the customer messages that arrived for it before it existed: right after the
    /// message that opened it, in conversation order (<see cref="ConversationOrder"/>), each once. Returns how many were new.
    /// </summary>
    public int AbsorbHeldMessages(IEnumerable<TimelineEvent> held)
    {
        var fresh = new List<TimelineEvent>();
        foreach (var message in held.Where(m => m.Type == TimelineEventTypes.CustomerMessage).OrderBy(ConversationOrder))
        {
            var id = message.Details.GetValueOrDefault("messageId");
            if (!HasMessage(id) && (id is null || !fresh.Any(f => f.Details.GetValueOrDefault("messageId") == id)))
            {
                fresh.Add(message);
            }
        }

        var at = _timeline.FindLastIndex(e => e.Type is TimelineEventTypes.Received or TimelineEventTypes.CustomerMessage) + 1;
        _timeline.InsertRange(at, fresh);
        foreach (var message in fresh)
        {
            AddParticipants(message);
        }

        return fresh.Count;
    }

    private void AddParticipants(TimelineEvent message)
    {
        if (message.Details.GetValueOrDefault(ParticipantsAddedDetail) is not { Length: > 0 } added)
        {
            return;
        }

        Participants = [.. Participants, .. added.Split(',').Where(a => !IsOnConversation(a)).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Whether <paramref name="address"/> is the requester's or a participant's, compared whole and case-insensitively.</summary>
    public bool IsOnConversation(string address) =>
        string.Equals(address, Requester.Email, StringComparison.OrdinalIgnoreCase)
        || Participants.Contains(address, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Records a staff member's reply (sent to the requester) or internal note, and moves the
    /// ticket to <paramref name="moveTo"/> where the status machine allows it (a Closed ticket stays
    /// closed). False when the message is on the timeline already (redelivery).
    /// </summary>
    public bool RecordStaffMessage(string personId, string? messageId, string body, bool internalNote, TicketStatus? moveTo, DateTimeOffset now, params (string Key, string? Value)[] extra)
    {
        if (HasMessage(messageId))
        {
            return false;
        }

        Append(now, internalNote ? TimelineEventTypes.InternalNote : TimelineEventTypes.StaffReply, personId, [("messageId", messageId), ("body", body), .. extra]);
        if (moveTo is { } status && status != Status && TicketStatusMachine.CanMove(Status, status))
        {
            MoveTo(status, personId, now, internalNote ? "staff note" : "staff reply");
        }

        return true;
    }

    /// <summary>
    /// A staff member's correction of the triage result. Each changed field goes on the timeline as a
    /// <c>corrected</c> event, which is also what triage tuning learns from. Returns the changes made.
    /// </summary>
    public IReadOnlyList<FieldCorrection> Correct(Category? category, Severity? severity, string actor, DateTimeOffset now)
    {
        var changes = new List<FieldCorrection>();
        if (category is { } c && c != Category)
        {
            changes.Add(new FieldCorrection("category", WireNames.Of(Category), WireNames.Of(c)));
            Category = c;
        }

        if (severity is { } s && s != Severity)
        {
            changes.Add(new FieldCorrection("severity", WireNames.Of(Severity), WireNames.Of(s)));
            Severity = s;
        }

        foreach (var change in changes)
        {
            Append(now, TimelineEventTypes.Corrected, actor, ("field", change.Field), ("from", change.From), ("to", change.To));
        }

        return changes;
    }

    /// <summary>The ticket this one was merged into as a duplicate; null when it was not.</summary>
    public string? MergedInto => _timeline.LastOrDefault(e => e.Type == TimelineEventTypes.Merged)?.Details.GetValueOrDefault("into");

    /// <summary>
    /// Closes this ticket as a duplicate of <paramref name="target"/>, from any status but Closed
    /// (the status machine would want Solved first; a duplicate has nothing to solve). False when it
    /// is merged into <paramref name="target"/> already (a retry).
    /// </summary>
    public bool MergeInto(string target, string actor, DateTimeOffset now)
    {
        if (MergedInto == target)
        {
            return false;
        }

        if (Status == TicketStatus.Closed)
        {
            throw new InvalidStatusTransitionException(Status, TicketStatus.Closed);
        }

        var from = Status;
        Status = TicketStatus.Closed;
        Append(now, TimelineEventTypes.Merged, actor, ("into", target));
        Append(now, TimelineEventTypes.StatusChanged, actor, ("from", WireNames.Of(from)), ("to", WireNames.Of(TicketStatus.Closed)), ("why", $"merged into {target}"));
        return true;
    }

    /// <summary>
    /// Records on the surviving ticket that <paramref name="duplicate"/> was merged into it, and brings
    /// the duplicate's <paramref name="messages"/> into this conversation as <c>merged-message</c>
    /// events (kept apart from replies and customer messages, so SLA and mail never count them
    /// twice), each keeping when it was written. False when recorded already.
    /// </summary>
    public bool RecordMergedFrom(string duplicate, string actor, DateTimeOffset now, IReadOnlyList<TimelineEvent>? messages = null)
    {
        if (_timeline.Any(e => e.Type == TimelineEventTypes.MergedFrom && e.Details.GetValueOrDefault("from") == duplicate))
        {
            return false;
        }

        Append(now, TimelineEventTypes.MergedFrom, actor, ("from", duplicate));
        foreach (var message in messages ?? [])
        {
            Append(now, TimelineEventTypes.MergedMessage, message.Actor,
            [
                .. message.Details.Where(d => d.Key is not (SentAtDetail or "messageId" or "originalType" or "mergedFrom")).Select(d => (d.Key, (string?)d.Value)),
                (SentAtDetail, message.Details.GetValueOrDefault(SentAtDetail) ?? message.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
                ("originalType", message.Type == TimelineEventTypes.MergedMessage ? message.Details.GetValueOrDefault("originalType") : message.Type),
                ("mergedFrom", duplicate),
            ]);
        }

        return true;
    }

    /// <summary>Records that mail for this ticket could not be delivered. False on redelivery of the same report.</summary>
    public bool RecordBounce(string? recipient, string? status, string? diagnostic, string? messageId, DateTimeOffset now)
    {
        if (HasMessage(messageId))
        {
            return false;
        }

        Append(now, TimelineEventTypes.Bounced, Actors.System, ("recipient", recipient), ("status", status), ("diagnostic", diagnostic), ("messageId", messageId));
        return true;
    }

    /// <summary>
    /// Records that the ticket owes a new GitHub issue in <paramref name="repository"/> (owner/name): the engineering
    /// queue's consumer files it. False when the ticket has an issue, owed or filed, already.
    /// </summary>
    public bool OweGitHubIssue(string repository, string actor, string why, DateTimeOffset now)
    {
        if (GitHub is not null)
        {
            return false;
        }

        GitHub = new EngineeringIssue(repository, now);
        Append(now, TimelineEventTypes.GitHubIssueOwed, actor, ("repository", repository), ("why", why));
        return true;
    }

    /// <summary>Records the issue filed for the owed one; false when it is recorded already (a redelivery).</summary>
    public bool RecordGitHubIssue(int number, string url, DateTimeOffset now)
    {
        if (GitHub is not { Number: null } owed)
        {
            return false;
        }

        GitHub = owed with { Number = number, Url = url };
        Append(now, TimelineEventTypes.GitHubIssueFiled, Actors.System, ("repository", owed.Repository), ("issue", Number(number)), ("url", url));
        return true;
    }

    /// <summary>
    /// Links the ticket to an issue engineering already has (staff chose it): the engineering queue's consumer tells the
    /// issue one more customer is affected. False when the ticket has an issue, owed or filed, already.
    /// </summary>
    public bool LinkGitHubIssue(string repository, int number, string actor, DateTimeOffset now)
    {
        if (GitHub is not null)
        {
            return false;
        }

        GitHub = new EngineeringIssue(repository, now, number, Existing: true);
        Append(now, TimelineEventTypes.GitHubIssueLinked, actor, ("repository", repository), ("issue", Number(number)));
        return true;
    }

    /// <summary>
    /// The issue owed is not filed: <paramref name="duplicate"/>, a ticket about the same problem (from any organisation),
    /// is tracked in open issue <paramref name="number"/> already, so this ticket joins it and the engineering queue tells
    /// the issue one more customer is affected, as for an issue staff link. False unless a new issue is still owed.
    /// </summary>
    public bool JoinGitHubIssue(int number, string duplicate, double similarity, DateTimeOffset now)
    {
        if (GitHub is not { Number: null, Existing: false } owed)
        {
            return false;
        }

        GitHub = owed with { Number = number, Existing = true };
        Append(now, TimelineEventTypes.GitHubIssueLinked, Actors.System,
            ("repository", owed.Repository), ("issue", Number(number)), ("nearDuplicate", duplicate), ("similarity", similarity.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)));
        return true;
    }

    /// <summary>Records that the linked issue was told of this ticket, with the count of customers it now has.</summary>
    public bool RecordGitHubAnnounced(string url, int affectedCustomers, DateTimeOffset now)
    {
        if (GitHub is not { Existing: true, Announced: false } linked)
        {
            return false;
        }

        GitHub = linked with { Announced = true, Url = url };
        Append(now, TimelineEventTypes.GitHubIssueAnnounced, Actors.System,
            ("repository", linked.Repository), ("issue", Number(linked.Number ?? 0)), ("url", url), ("affectedCustomers", Number(affectedCustomers)));
        return true;
    }

    /// <summary>
    /// A duplicate merged into this ticket brings its filed issue along when this ticket has none: the problem keeps one
    /// issue, and GitHub's news reaches the ticket still being worked. False when this ticket has an issue already.
    /// </summary>
    public bool AdoptGitHubIssue(EngineeringIssue issue, string duplicate, DateTimeOffset now)
    {
        if (GitHub is not null || issue is not { Number: { } number, Pending: false })
        {
            return false;
        }

        GitHub = issue with { Existing = true, Announced = true };
        Append(now, TimelineEventTypes.GitHubIssueLinked, Actors.System, ("repository", issue.Repository), ("issue", Number(number)), ("url", issue.Url), ("from", duplicate));
        return true;
    }

    /// <summary>The issue staff linked does not exist (or is not reachable with our token): the link is dropped, with why.</summary>
    public bool DropGitHubIssue(string why, DateTimeOffset now)
    {
        if (GitHub is not { } link || !link.Pending)
        {
            return false;
        }

        GitHub = null;
        Append(now, TimelineEventTypes.GitHubIssueDropped, Actors.System, ("repository", link.Repository), ("issue", link.Number is { } n ? Number(n) : null), ("why", why));
        return true;
    }

    /// <summary>
    /// Records what happened to the ticket's GitHub issue (<paramref name="activity"/>), once per delivery. An issue closed as
    /// completed puts the ticket back in our court (Open) with a reply drafted for its owner, who decides whether to send it;
    /// nothing is mailed. False when this delivery is on the timeline already.
    /// </summary>
    public bool RecordGitHubActivity(Engineering.IssueActivity activity, DateTimeOffset now)
    {
        if (_timeline.Any(e => e.Type == TimelineEventTypes.GitHubActivity && e.Details.GetValueOrDefault("delivery") == activity.DeliveryId))
        {
            return false;
        }

        Append(now, TimelineEventTypes.GitHubActivity, Actors.System,
            ("delivery", activity.DeliveryId),
            ("repository", activity.Repository),
            ("issue", Number(activity.Number)),
            ("action", Engineering.IssueActivity.WireName(activity.Kind)),
            ("label", activity.Label),
            ("comment", activity.Comment),
            ("by", activity.Actor));
        if (activity.Kind == Engineering.IssueActivityKind.ClosedCompleted && Status != TicketStatus.Closed)
        {
            if (Status != TicketStatus.Open)
            {
                MoveTo(TicketStatus.Open, Actors.System, now, $"GitHub issue {activity.Repository}#{activity.Number} was closed as completed");
            }

            Append(now, TimelineEventTypes.ReplyDrafted, Actors.System, ("for", Assignee), ("body", Engineering.GitHubIssueText.FixShippedDraft(this)));
        }

        return true;
    }

    /// <summary>
    /// Records that staff confirmed this feature request for the forum, under <paramref name="title"/>: the engineering
    /// queue posts it (a new topic, or "+1" on a similar one). False when it has a topic, owed or posted, already.
    /// </summary>
    public bool OweForumTopic(string title, string actor, DateTimeOffset now)
    {
        if (Forum is not null)
        {
            return false;
        }

        Forum = new ForumTopic(title, now);
        Append(now, TimelineEventTypes.ForumTopicOwed, actor, ("title", title));
        return true;
    }

    /// <summary>
    /// Records the topic the request went to (<paramref name="plusOne"/>: a reply on a similar topic) and drafts the
    /// customer's reply with its public link for the owner to send. False when recorded already.
    /// </summary>
    public bool RecordForumTopic(int topicId, string url, bool plusOne, DateTimeOffset now)
    {
        if (Forum is not { TopicId: null } owed)
        {
            return false;
        }

        Forum = owed with { TopicId = topicId, Url = url, PlusOne = plusOne };
        Append(now, TimelineEventTypes.ForumTopicPosted, Actors.System, ("topic", Number(topicId)), ("url", url), ("plusOne", plusOne ? "true" : null));
        Append(now, TimelineEventTypes.ReplyDrafted, Actors.System, ("for", Assignee), ("body", Engineering.ForumText.LinkDraft(this, url)));
        return true;
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>When the ticket last moved to <paramref name="status"/>; null when it never did.</summary>
    public DateTimeOffset? LastMovedTo(TicketStatus status)
    {
        var name = WireNames.Of(status);
        return _timeline.LastOrDefault(e => e.Type == TimelineEventTypes.StatusChanged
            && e.Details.TryGetValue("to", out var to) && to == name)?.At;
    }

    private bool HasMessage(string? messageId) =>
        messageId is not null && _timeline.Any(e => (e.Type is TimelineEventTypes.CustomerMessage or TimelineEventTypes.StaffReply
            or TimelineEventTypes.InternalNote or TimelineEventTypes.Bounced)
            && e.Details.TryGetValue("messageId", out var id) && id == messageId);

    /// <summary>Replaces the SLA targets (the SLA engine computes them; its events go on the timeline separately).</summary>
    public void SetSla(IReadOnlyList<SlaTargetState> targets, DateTimeOffset now)
    {
        Sla = targets;
        UpdatedAt = now;
    }

    /// <summary>Marks the ticket changed at <paramref name="now"/> with nothing for its timeline (the outbox claimed a mail for it).</summary>
    public void Touch(DateTimeOffset now) => UpdatedAt = now;

    public void Append(DateTimeOffset now, string type, string actor, params (string Key, string? Value)[] details)
    {
        UpdatedAt = now;
        _timeline.Add(TimelineEvent.Create(now, type, actor, details));
    }
}

/// <summary>The ticket's state without its timeline: what the store keeps in the ticket row.</summary>
public sealed record TicketState
{
    public required string Reference { get; init; }
    public required Channel Channel { get; init; }
    public required Requester Requester { get; init; }
    public required string Subject { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? Region { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<string> Participants { get; init; } = [];
    public TicketStatus Status { get; init; }
    public Category Category { get; init; }
    public Severity Severity { get; init; }
    public IReadOnlyList<string> TriageReasons { get; init; } = [];
    public Triage.TriageExplanation? TriageExplanation { get; init; }
    public string? TriageEmbedding { get; init; }
    public bool Triaged { get; init; }
    public string? Assignee { get; init; }
    public DateTimeOffset? AssignedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The outbox's <see cref="Notifications.MailLedger"/>, kept in the same row: the mails dealt with.</summary>
    public IReadOnlyList<string> MailsSent { get; init; } = [];

    /// <summary>The outbox's <see cref="Notifications.MailLedger"/>: the mails being sent, and by whom.</summary>
    public IReadOnlyDictionary<string, Notifications.MailClaim> MailClaims { get; init; } = new Dictionary<string, Notifications.MailClaim>();

    public IReadOnlyList<SlaTargetState> Sla { get; init; } = [];

    public EngineeringIssue? GitHub { get; init; }

    public ForumTopic? Forum { get; init; }
}

/// <summary>One SLA target of a ticket (first-response, next-response, resolution, …).</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Due">When it is due; null while paused (resolution pauses while Pending).</param>
/// <param name="MetAt">When it was met, if it was.</param>
/// <param name="BreachedAt">When the breach was recorded, if it was breached.</param>
public sealed record SlaTargetState(string Target, DateTimeOffset? Due, DateTimeOffset? MetAt = null, DateTimeOffset? BreachedAt = null)
{
    /// <summary>When the target's clock started (the ticket's arrival, the oldest unanswered customer message, or a change of target).</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>When 75% of the target has passed: the assignee's first warning.</summary>
    public DateTimeOffset? WarnAt { get; init; }

    /// <summary>The policy rule and duration the due time came from; a different one means the target changed.</summary>
    public string? Basis { get; init; }

    /// <summary>The whole target, in the time it counts (business time for business-hours targets).</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>What is left of the target while its clock is paused (resolution while Pending, or after Solved).</summary>
    public TimeSpan? Remaining { get; init; }
}

/// <summary>
/// The GitHub issue a ticket is tracked in. <see cref="Number"/> is null while a new issue is owed (being filed);
/// <see cref="Existing"/> marks an issue staff linked the ticket to, which is told of the ticket once (<see cref="Announced"/>).
/// </summary>
/// <param name="Repository">owner/name.</param>
/// <param name="Since">When the ticket was given the issue: a filed issue is looked for among those changed since then.</param>
public sealed record EngineeringIssue(string Repository, DateTimeOffset Since, int? Number = null, string? Url = null, bool Existing = false, bool Announced = false)
{
    /// <summary>What is owed has not reached GitHub yet: staff see "GitHub: pending".</summary>
    public bool Pending => Number is null || (Existing && !Announced);
}

/// <summary>The forum topic a feature request is tracked in: owed (no <see cref="TopicId"/>) until posted; <see cref="PlusOne"/> when it joined a similar topic.</summary>
public sealed record ForumTopic(string Title, DateTimeOffset Since, int? TopicId = null, string? Url = null, bool PlusOne = false)
{
    public bool Pending => TopicId is null;
}

/// <summary>Who has the ticket, since when, and whether it waits on us: what decides whose workload it counts in.</summary>
public sealed record TicketOwnership(string? Assignee, TicketStatus Status, DateTimeOffset? AssignedAt);

/// <summary>One field a staff member corrected, with its wire values before and after.</summary>
public sealed record FieldCorrection(string Field, string From, string To);

public sealed record TriageResult(Category Category, Severity Severity, IReadOnlyList<string> Reasons, Triage.TriageExplanation? Explanation = null);

public sealed class InvalidStatusTransitionException(TicketStatus from, TicketStatus to)
    : InvalidOperationException($"A ticket cannot move from {WireNames.Of(from)} to {WireNames.Of(to)}.")
{
    public TicketStatus From { get; } = from;

    public TicketStatus To { get; } = to;
}
