using Microsoft.Extensions.Logging;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Privacy;

namespace Support.Core.Bookings;

/// <summary>
/// Sends what a booking owes (<see cref="BookingMailRules"/>), each mail once: the owed mails are claimed on the
/// booking's ledger in one ETag-guarded write before anything is sent, and recorded after; a concurrent or redelivered
/// run finds them claimed or sent and sends nothing, and a claim older than <see cref="ClaimLease"/> (its sender died)
/// is taken over.
/// </summary>
public sealed class BookingMailer(IBookingStore store, IRosterStore rosters, IMailSender sender, BookingMailComposer composer, TimeProvider time, ILogger<BookingMailer> logger)
{
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    /// <summary>Sends the owed mails; returns the booking as stored after (or as given when nothing was owed or another run holds them).</summary>
    public async Task<Booking> SendOwedAsync(Booking booking, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var owed = BookingMailRules.Owed(booking, now);
        if (owed.Count == 0)
        {
            return booking;
        }

        var claimId = Guid.NewGuid().ToString("N");
        var ledger = new MailLedger(booking.Mail.Sent, booking.Mail.Claims);
        var mine = owed.Where(key => ledger.Claim(key, claimId, now, ClaimLease) == MailClaimResult.Claimed).ToList();
        if (mine.Count == 0)
        {
            return booking;
        }

        var claimed = await store.TryUpdateAsync(booking with { Mail = ledger }, cancellationToken);
        if (claimed is null)
        {
            logger.LogInformation("Booking {Booking} mails are being sent by another run", booking.Id);
            return booking;
        }

        var roster = await rosters.GetAsync(cancellationToken);
        var staff = roster.Find(booking.PersonId);
        var outcomes = new List<(string Key, MailSendResult Result)>();
        foreach (var key in mine)
        {
            if (staff is null)
            {
                outcomes.Add((key, MailSendResult.Rejected("the staff member is no longer on the roster")));
                continue;
            }

            try
            {
                outcomes.Add((key, await sender.SendAsync(composer.Compose(key, claimed, staff), cancellationToken)));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Transient: the claim lapses and the next reminder run sends it.
                logger.LogWarning("Booking {Booking} mail {Mail} not sent, will retry: {Why}", booking.Id, key, ex.Message);
            }
        }

        return await RecordAsync(claimed, outcomes, cancellationToken);
    }

    private async Task<Booking> RecordAsync(Booking booking, List<(string Key, MailSendResult Result)> outcomes, CancellationToken cancellationToken)
    {
        var current = booking;
        while (current is not null)
        {
            var ledger = new MailLedger(current.Mail.Sent, current.Mail.Claims);
            foreach (var (key, result) in outcomes)
            {
                ledger.Settle(key);
                if (result.Status != MailSendStatus.Sent)
                {
                    logger.LogWarning("Booking {Booking} mail {Mail} to {To} not delivered, not retried: {Why}", current.Id, key, Redact.Email(current.CustomerEmail), result.Reason);
                }
            }

            if (await store.TryUpdateAsync(current with { Mail = ledger }, cancellationToken) is { } stored)
            {
                return stored;
            }

            current = await store.GetAsync(booking.Id, cancellationToken);
        }

        return booking;
    }
}
