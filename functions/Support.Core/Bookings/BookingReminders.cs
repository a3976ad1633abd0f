using Microsoft.Extensions.Logging;
using Support.Core.Ports;
using Support.Core.Privacy;
using Support.Core.Scheduling;

namespace Support.Core.Bookings;

/// <summary>
/// Every 5 minutes: the reminders 24 hours and 1 hour before each session, to both sides, and any confirmation or
/// cancellation a web request could not send. Reads the bookings of the local days a session in the next day can fall
/// on (one range query of four partitions); each mail is claimed on the booking before it is sent, so a second run, a
/// past-due catch-up or two instances at once send it once.
/// </summary>
public sealed class BookingReminders(IBookingStore store, BookingMailer mailer, TimeProvider time, ILogger<BookingReminders> logger) : IScheduledJob
{
    public string Name => "BookingReminders";

    public string ScheduleSetting => "BookingRemindersSchedule";

    public string DefaultSchedule => "0 */5 * * * *";

    public async Task RunAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var booking in await store.BookingsAsync(today.AddDays(-1), today.AddDays(3), cancellationToken))
        {
            if (BookingMailRules.Owed(booking, now).Count == 0)
            {
                continue;
            }

            try
            {
                await mailer.SendOwedAsync(booking, cancellationToken);
            }
            catch (StorageUnavailableException ex)
            {
                // The claims lapse and the next run sends what is still owed.
                logger.LogWarning("Booking {Booking} mails to {Email} not sent, will retry next run: {Why}", booking.Id, Redact.Email(booking.CustomerEmail), ex.Message);
            }
        }
    }
}
