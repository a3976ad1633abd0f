namespace Support.Core.Bookings;

/// <summary>Which mails a booking owes at a moment, to whom: decided from the booking alone, so a redelivery or a second run owes the same.</summary>
public static class BookingMailRules
{
    public const string Confirm = "confirm";
    public const string Remind24 = "remind24";
    public const string Remind1 = "remind1";
    public const string Cancel = "cancel";

    public const string Customer = "customer";
    public const string Staff = "staff";

    public static readonly TimeSpan DayBefore = TimeSpan.FromHours(24);
    public static readonly TimeSpan HourBefore = TimeSpan.FromHours(1);

    /// <summary>The mail keys (<c>confirm.customer</c>, …) owed and not dealt with yet.</summary>
    public static IReadOnlyList<string> Owed(Booking booking, DateTimeOffset now)
    {
        var owed = new List<string>();
        switch (booking.Status)
        {
            case BookingStatus.Booked when now < booking.End:
                owed.Add(Confirm);

                // A reminder only when booked before its window, and only inside it: the 24-hour one gives way to the 1-hour one.
                if (booking.BookedAt <= booking.Start - DayBefore && now >= booking.Start - DayBefore && now < booking.Start - HourBefore)
                {
                    owed.Add(Remind24);
                }

                if (booking.BookedAt <= booking.Start - HourBefore && now >= booking.Start - HourBefore && now < booking.Start)
                {
                    owed.Add(Remind1);
                }

                break;

            // A moved booking tells both sides through its successor's invitation, which keeps the event's UID.
            case BookingStatus.Cancelled when booking.RescheduledTo is null && now < booking.End:
                owed.Add(Cancel);
                break;

            // Except a giver it moved away from: the successor's invitation goes to someone else, so theirs is cancelled.
            case BookingStatus.Cancelled when booking.MovedAway && now < booking.End:
                return booking.Mail.HasSent(Key(Cancel, Staff)) ? [] : [Key(Cancel, Staff)];
        }

        return [.. owed.SelectMany(k => new[] { Key(k, Customer), Key(k, Staff) }).Where(k => !booking.Mail.HasSent(k))];
    }

    public static string Key(string mail, string to) => $"{mail}.{to}";
}
