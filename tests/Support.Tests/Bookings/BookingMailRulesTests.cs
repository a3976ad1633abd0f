using Support.Core.Bookings;
using Support.Core.Notifications;
using Xunit;

namespace Support.Tests.Bookings;

/// <summary>What a closed booking still owes: a cancellation to both sides, or to the giver alone when a move took it to someone else.</summary>
public sealed class BookingMailRulesTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static Booking Closed(string? movedTo, string? movedToPerson) => new()
    {
        Id = "20270301-0123456789abcdef",
        Kind = "phone",
        PersonId = "amira",
        Start = Now.AddHours(4),
        End = Now.AddHours(4.5),
        CustomerName = "Ada Lovelace",
        CustomerEmail = "ada@example.com",
        CustomerTimeZone = "Europe/London",
        BookedAt = Now.AddDays(-1),
        Uid = "booking-x@example.com",
        Status = BookingStatus.Cancelled,
        RescheduledTo = movedTo,
        RescheduledToPerson = movedToPerson,
    };

    [Fact]
    public void A_cancelled_booking_owes_both_sides_the_cancellation()
    {
        Assert.Equal(["cancel.customer", "cancel.staff"], BookingMailRules.Owed(Closed(null, null), Now));
    }

    [Fact]
    public void A_booking_moved_with_the_same_giver_owes_nothing_its_successor_tells_both()
    {
        Assert.Empty(BookingMailRules.Owed(Closed("20270302-0123456789abcdef", "AMIRA"), Now));
    }

    [Fact]
    public void A_booking_moved_to_another_giver_owes_its_giver_alone_the_cancellation_once_and_not_after_it_ended()
    {
        var moved = Closed("20270302-0123456789abcdef", "maria");
        Assert.Equal(["cancel.staff"], BookingMailRules.Owed(moved, Now));
        Assert.Empty(BookingMailRules.Owed(moved with { Mail = new MailLedger(["cancel.staff"], new Dictionary<string, MailClaim>()) }, Now));
        Assert.Empty(BookingMailRules.Owed(moved, moved.End));
    }
}
