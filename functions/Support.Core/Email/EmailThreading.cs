using Microsoft.Extensions.Options;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Ports;
using Support.Core.Roster;

namespace Support.Core.Email;

/// <summary>
/// Decides which ticket an inbound mail belongs to, and what it does there. Only looks things up;
/// the caller carries out the decision.
/// </summary>
public sealed class EmailThreading(ITicketStore tickets, IReceivedMailIndex received, IOptions<MailOptions> options)
{
    /// <summary>A reply this long after Solved is a new matter: it opens a follow-up rather than reopening.</summary>
    public static readonly TimeSpan ReopenWindow = TimeSpan.FromDays(7);

    private readonly MailOptions _mail = options.Value;

    /// <summary>How many References (the newest) and recipients one mail may make us look up: a crafted mail with a million costs no more.</summary>
    public const int MaxLookups = 10;

    public async Task<ThreadingDecision> DecideAsync(ParsedEmail email, LoopVerdict verdict, RosterDocument roster, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (verdict.Kind)
        {
            case MailKind.OwnMail:
                return new Ignore("our own mail came back: " + verdict.Reason);
            case MailKind.Bounce:
                return await DecideBounceAsync(email, cancellationToken);
        }

        var match = await FindTicketAsync(email, cancellationToken);
        if (match is null)
        {
            return new NewTicket(null, verdict.MayAcknowledge, "no ticket matches");
        }

        var (ticket, opened, how) = match.Value;
        var sender = email.From.Email;
        var authentication = SenderAuthentication.Judge(email);
        if (roster.FindByEmail(sender) is { } person)
        {
            if (!opened)
            {
                // Staff learn a reference from the ticket, so this is a rare guess: it starts a ticket, as it did before.
                return new NewTicket(null, verdict.MayAcknowledge, $"{ticket.Reference} is not opened yet ({how}): staff mail starts its own ticket");
            }

            if (verdict.Kind != MailKind.Person)
            {
                return new Ignore($"automatic mail from staff ({verdict.Reason}) on {ticket.Reference}: never sent on to the customer");
            }

            // A roster address is easy to forge and a reference easy to learn: only mail that is provably from the
            // person and sent to the reply address we gave them about this ticket speaks for the company.
            var unverified = !authentication.Passes ? "the sender is not authenticated: " + authentication.Why
                : !HasStaffToken(email, ticket.Reference, person.Id) ? "it was not sent to the person's reply address for the ticket"
                : null;
            return unverified is null
                ? StaffReply(ticket.Reference, person, email.NewText, how)
                : new UnverifiedNote(ticket.Reference, $"unverified mail from a staff address ({how}): {unverified}");
        }

        if (!IsParticipant(ticket, email))
        {
            return new NewTicket(ticket.Reference, verdict.MayAcknowledge, $"the sender is not on {ticket.Reference} ({how}): new ticket linked to it");
        }

        if (!authentication.Passes)
        {
            return new NewTicket(ticket.Reference, verdict.MayAcknowledge, $"the sender is not authenticated ({how}: {authentication.Why}): new ticket linked to {ticket.Reference}");
        }

        var closedOrStale = ticket.Status == TicketStatus.Closed
            || (ticket.Status == TicketStatus.Solved && ticket.LastMovedTo(TicketStatus.Solved) is { } solvedAt && now - solvedAt > ReopenWindow);
        if (closedOrStale)
        {
            return verdict.Kind == MailKind.Person
                ? new FollowUp(ticket.Reference, Acknowledge: true, $"{ticket.Reference} is {WireNames.Of(ticket.Status)} ({how}): follow-up ticket")
                : new Ignore($"automatic mail ({verdict.Reason}) on {WireNames.Of(ticket.Status)} {ticket.Reference}");
        }

        return new ThreadInto(ticket.Reference, ReplyAuthor.Customer, StaffCommand.Reply, email.NewText, null, verdict.MayReopen, how);
    }

    /// <summary>Whether the mail went to <paramref name="personId"/>'s reply address for the ticket (<see cref="MailComposer.StaffReplyAddressFor"/>).</summary>
    private bool HasStaffToken(ParsedEmail email, string reference, string personId)
    {
        var expected = MailSigning.ReplyToken(_mail, reference, personId);
        return ReplyAddressTags(email).Any(t => string.Equals(t.Reference, reference, StringComparison.Ordinal) && MailSigning.Matches(expected, t.Token));
    }

    /// <summary>The first <see cref="MaxLookups"/> of our per-ticket reply addresses the mail was sent to: the reference and the token after it, if any.</summary>
    private IEnumerable<(string Reference, string? Token)> ReplyAddressTags(ParsedEmail email)
    {
        var prefix = _mail.ReplyLocalPart + "+";
        var suffix = "@" + _mail.ReplyDomain;
        var ours = email.Recipients.Concat(email.EnvelopeTo)
            .Where(a => a.Length > prefix.Length + suffix.Length && a.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && a.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var address in ours.Take(MaxLookups))
        {
            var tag = address[prefix.Length..^suffix.Length];
            var dot = tag.IndexOf('.', StringComparison.Ordinal);
            var reference = (dot < 0 ? tag : tag[..dot]).ToUpperInvariant();
            if (TicketReference.IsValid(reference))
            {
                yield return (reference, dot < 0 ? null : tag[(dot + 1)..]);
            }
        }
    }

    private async Task<ThreadingDecision> DecideBounceAsync(ParsedEmail email, CancellationToken cancellationToken)
    {
        var report = email.Bounce;
        var ids = new List<string>();
        string? subject = null;
        if (report is not null)
        {
            ids.AddRange(report.OriginalMessageId is null ? Newest(report.OriginalReferences) : [report.OriginalMessageId, .. Newest(report.OriginalReferences)]);
            subject = report.OriginalSubject;
        }

        // Many servers quote the original only in the subject or in their own In-Reply-To.
        var found = await FindByMessageIdsAsync(ids, opened: true, cancellationToken)
            ?? await FindBySubjectAsync(subject, opened: true, cancellationToken)
            ?? await FindByMessageIdsAsync(ThreadIds(email), opened: true, cancellationToken)
            ?? await FindBySubjectAsync(email.Subject, opened: true, cancellationToken);
        return found is { } match
            ? new RecordBounce(match.Ticket.Reference, "bounce of mail on " + match.Ticket.Reference + " (" + match.How + ")")
            : new Ignore("bounce of no mail of ours");
    }

    private static ThreadInto StaffReply(string reference, Person person, string text, string how)
    {
        var (command, body) = StaffCommands.Read(text);
        var moves = command == StaffCommand.Note ? "internal note" : "staff reply";
        return new ThreadInto(reference, ReplyAuthor.Staff, command, body, person.Id, Reopens: false, $"{moves} ({how})");
    }

    /// <summary>
    /// The ticket the mail continues: a stored one, or one intake accepted that triage has not opened yet (a stand-in
    /// opened from its inquiry, not <c>Opened</c>), so a follow-up sent right after the first mail lands on it too.
    /// </summary>
    private async Task<Match?> FindTicketAsync(ParsedEmail email, CancellationToken cancellationToken) =>
        await FindByMessageIdsAsync(ThreadIds(email), opened: false, cancellationToken)
        ?? await FindBySubjectAsync(email.Subject, opened: false, cancellationToken)
        ?? await FindByReplyAddressAsync(email, cancellationToken)
        ?? await FindByAcceptedMailAsync(email.InReplyTo, cancellationToken);

    /// <summary>
    /// The mail answered, found through the inquiry it started, which intake stores under a reference derived from its
    /// Message-ID: a reply posted while the first mail's post is still being answered (SendGrid posts a burst at once)
    /// comes before the received-mail index has it. Only read when nothing else matched.
    /// </summary>
    private async Task<Match?> FindByAcceptedMailAsync(string? messageId, CancellationToken cancellationToken)
    {
        if (messageId is null || OwnReference(messageId) is not null)
        {
            return null;
        }

        var source = EmailInquiry.DedupeKey(messageId);
        var found = await tickets.LookUpAsync(TicketReference.Derive(source, 0), cancellationToken);
        return found.Inquiry?.SourceId == source ? MatchOf(found, opened: false, "answers mail on the ticket") : null;
    }

    /// <summary>The ticket <paramref name="reference"/>; unless <paramref name="opened"/>, the stand-in for one accepted but not opened yet.</summary>
    private async Task<Match?> ConversationAsync(string reference, bool opened, string how, CancellationToken cancellationToken)
    {
        var found = await tickets.LookUpAsync(reference, cancellationToken);
        return MatchOf(found, opened, how);
    }

    private static Match? MatchOf(TicketLookup found, bool opened, string how) =>
        found.Ticket is { } ticket ? new Match(ticket, true, how)
        : !opened && found.Conversation is { } standIn ? new Match(standIn, false, how)
        : null;

    private readonly record struct Match(Ticket Ticket, bool Opened, string How);

    /// <summary>In-Reply-To first: it names the one mail answered; then the newest <see cref="MaxLookups"/> References, newest first.</summary>
    private static IEnumerable<string> ThreadIds(ParsedEmail email) =>
        (email.InReplyTo is null ? [] : new[] { email.InReplyTo }).Concat(Newest(email.References));

    private static IEnumerable<string> Newest(IReadOnlyList<string> references) =>
        references.Skip(Math.Max(0, references.Count - MaxLookups)).Reverse();

    private async Task<Match?> FindByMessageIdsAsync(IEnumerable<string> messageIds, bool opened, CancellationToken cancellationToken)
    {
        foreach (var id in messageIds.Distinct(StringComparer.Ordinal))
        {
            var (reference, how) = OwnReference(id) is { } own
                ? (own, "answers our mail")
                : (await received.FindTicketAsync(id, cancellationToken), "answers mail on the ticket");
            if (reference is not null && await ConversationAsync(reference, opened, how, cancellationToken) is { } match)
            {
                return match;
            }
        }

        return null;
    }

    private async Task<Match?> FindBySubjectAsync(string? subject, bool opened, CancellationToken cancellationToken) =>
        TicketReference.FindIn(subject) is { } reference
            ? await ConversationAsync(reference, opened, "reference in the subject", cancellationToken)
            : null;

    private async Task<Match?> FindByReplyAddressAsync(ParsedEmail email, CancellationToken cancellationToken)
    {
        foreach (var (reference, _) in ReplyAddressTags(email))
        {
            if (await ConversationAsync(reference, opened: false, "per-ticket reply address", cancellationToken) is { } match)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>
    /// The ticket named by one of our Message-IDs (<c>SUP-7K3Q9F.ack.&lt;tag&gt;@…</c>, <see cref="MailComposer.MessageIdFor"/>);
    /// null for anyone else's, and for one whose tag does not prove it ours.
    /// </summary>
    public string? OwnReference(string messageId)
    {
        var suffix = "@" + _mail.MessageIdDomain;
        if (!messageId.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var local = messageId[..^suffix.Length];
        var lastDot = local.LastIndexOf('.');
        var firstDot = local.IndexOf('.', StringComparison.Ordinal);
        if (firstDot < 0 || lastDot == firstDot)
        {
            return null;
        }

        var body = local[..lastDot];
        var candidate = local[..firstDot].ToUpperInvariant();
        return TicketReference.IsValid(candidate) && MailSigning.Matches(MailSigning.MessageIdTag(_mail, body), local[(lastDot + 1)..]) ? candidate : null;
    }

    private static bool IsParticipant(Ticket ticket, ParsedEmail email)
    {
        string[] senders = email.ReplyTo is null ? [email.From.Email] : [email.From.Email, email.ReplyTo.Email];
        return senders.Any(ticket.IsOnConversation);
    }
}

/// <summary>The command a staff member may put on the first line of a reply by mail.</summary>
public static class StaffCommands
{
    public static (StaffCommand Command, string Body) Read(string text)
    {
        var trimmed = text.TrimStart();
        var lineEnd = trimmed.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = (lineEnd < 0 ? trimmed : trimmed[..lineEnd]).Trim();
        var word = firstLine.Split(' ', 2)[0].ToLowerInvariant();
        StaffCommand? command = word switch
        {
            "#solved" => StaffCommand.Solved,
            "#open" => StaffCommand.Open,
            "#note" => StaffCommand.Note,
            _ => null,
        };
        if (command is null)
        {
            return (StaffCommand.Reply, text.Trim());
        }

        // "#note called her back" keeps the words after the command; the command itself never reaches the customer.
        var restOfLine = firstLine.Length > word.Length ? firstLine[word.Length..].Trim() : string.Empty;
        var rest = lineEnd < 0 ? string.Empty : trimmed[(lineEnd + 1)..].Trim();
        var body = string.Join('\n', new[] { restOfLine, rest }.Where(p => p.Length > 0));
        return (command.Value, body);
    }

    /// <summary>The status a staff reply leaves the ticket in; null for a note, which changes nothing.</summary>
    public static TicketStatus? TargetStatus(StaffCommand command) => command switch
    {
        StaffCommand.Solved => TicketStatus.Solved,
        StaffCommand.Open => TicketStatus.Open,
        StaffCommand.Note => null,
        _ => TicketStatus.Pending,
    };
}
