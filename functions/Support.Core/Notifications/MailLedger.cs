using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Tickets;

namespace Support.Core.Notifications;

/// <summary>
/// The outbox's account of one ticket's mails: which are dealt with (sent, or given up on) and which someone is
/// sending right now. It is kept in the ticket's row, so a claim is saved atomically with the change that makes the
/// mail owed, but it is no part of the ticket: the ticket's timeline says what was sent, this says who may send.
/// </summary>
public sealed class MailLedger
{
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MailClaim> _claims = new(StringComparer.Ordinal);

    public MailLedger()
    {
    }

    public MailLedger(IEnumerable<string> sent, IReadOnlyDictionary<string, MailClaim> claims)
    {
        _sent.UnionWith(sent);
        foreach (var (key, claim) in claims)
        {
            _claims[key] = claim;
        }
    }

    /// <summary>Keys of the mails already dealt with: a redelivered message never sends one twice.</summary>
    public IReadOnlySet<string> Sent => _sent;

    /// <summary>Mails someone is sending right now: a concurrent delivery of the same message waits instead of sending too.</summary>
    public IReadOnlyDictionary<string, MailClaim> Claims => _claims;

    public bool HasSent(string key) => _sent.Contains(key);

    /// <summary>True when <paramref name="claimId"/> holds the claim on mail <paramref name="key"/>.</summary>
    public bool IsClaimedBy(string key, string claimId) => _claims.TryGetValue(key, out var claim) && claim.ClaimId == claimId;

    /// <summary>
    /// Claims the right to send mail <paramref name="key"/>. Fails when it was sent, or when another
    /// sender's claim is younger than <paramref name="lease"/>; an older claim is taken over, since
    /// its sender died before finishing.
    /// </summary>
    public MailClaimResult Claim(string key, string claimId, DateTimeOffset now, TimeSpan lease)
    {
        if (_sent.Contains(key))
        {
            return MailClaimResult.AlreadySent;
        }

        if (_claims.TryGetValue(key, out var existing) && existing.ClaimId != claimId && now - existing.At < lease)
        {
            return MailClaimResult.HeldByAnother;
        }

        _claims[key] = new MailClaim(claimId, now);
        return MailClaimResult.Claimed;
    }

    /// <summary>Mail <paramref name="key"/> is dealt with: nobody holds it any more, and nobody sends it again.</summary>
    public void Settle(string key)
    {
        _sent.Add(key);
        _claims.Remove(key);
    }
}

/// <summary>Claims and outcomes of a stored ticket's mails: the ledger's change and what the ticket's timeline shows of it.</summary>
public static class StoredTicketMail
{
    /// <summary>Claims mail <paramref name="key"/> on the ticket's ledger (<see cref="MailLedger.Claim"/>); a claim taken counts as a change to the ticket.</summary>
    public static MailClaimResult ClaimMail(this StoredTicket stored, string key, string claimId, DateTimeOffset now, TimeSpan lease)
    {
        var result = stored.Mail.Claim(key, claimId, now, lease);
        if (result == MailClaimResult.Claimed)
        {
            stored.Ticket.Touch(now);
        }

        return result;
    }

    /// <summary>Records that the mail <paramref name="key"/> is dealt with: sent, or given up on with <paramref name="why"/>.</summary>
    public static void RecordMailSent(this StoredTicket stored, string key, string eventType, string to, string messageId, DateTimeOffset now, string? why = null)
    {
        stored.Mail.Settle(key);
        stored.Ticket.Append(now, eventType, Actors.System, ("mail", key), ("to", to), ("messageId", messageId), ("why", why));
    }

    /// <summary>
    /// Records once what became of mail <paramref name="key"/>: <paramref name="sentEventType"/> when the
    /// provider took it, <c>mail-suppressed</c> with the provider's reason when it refused it for good.
    /// False when the mail was recorded already (a redelivery or a concurrent run got there first).
    /// </summary>
    public static bool RecordOutcome(this StoredTicket stored, string key, string sentEventType, string to, string messageId, MailSendResult result, DateTimeOffset now)
    {
        if (stored.Mail.HasSent(key))
        {
            return false;
        }

        var sent = result.Status == MailSendStatus.Sent;
        stored.RecordMailSent(key, sent ? sentEventType : TimelineEventTypes.MailSuppressed, to, messageId, now, sent ? null : result.Reason);
        return true;
    }
}

/// <summary>Who is sending a mail, and since when: a claim older than its lease belongs to a sender that died.</summary>
public sealed record MailClaim(string ClaimId, DateTimeOffset At);

public enum MailClaimResult
{
    Claimed,
    AlreadySent,
    HeldByAnother,
}
