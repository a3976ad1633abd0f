using System.Globalization;
using System.Text.RegularExpressions;
using Support.Core.Calendars;

namespace Support.Core.Sla;

public enum SlaClock
{
    /// <summary>Around the clock: weekends and nights count.</summary>
    Calendar,

    /// <summary>Only the region's business hours count.</summary>
    BusinessHours,

    /// <summary>Whole business days of the region's calendar.</summary>
    BusinessDays,
}

/// <summary>
/// A target's length as the policy file writes it: "1 hour", "72 hours", "8 business hours",
/// "5 business days". The text doubles as the promise to the customer ("within 8 business hours").
/// </summary>
public sealed partial record SlaDuration(double Amount, SlaClock Clock, string Text)
{
    public string Promise => $"within {Text}";

    public static bool TryParse(string? text, out SlaDuration duration)
    {
        duration = new SlaDuration(0, SlaClock.Calendar, "");
        var match = Pattern().Match(text?.Trim() ?? "");
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return false;
        }

        var business = match.Groups["business"].Success;
        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        var clock = (business, unit) switch
        {
            (true, "hour") => SlaClock.BusinessHours,
            (true, "day") when amount == Math.Floor(amount) => SlaClock.BusinessDays,
            (true, _) => (SlaClock?)null,
            _ => SlaClock.Calendar,
        };
        if (clock is null)
        {
            return false;
        }

        var hours = unit switch
        {
            "minute" => amount / 60,
            "hour" => amount,
            _ => clock == SlaClock.BusinessDays ? amount : amount * 24,
        };
        duration = new SlaDuration(hours, clock.Value, text!.Trim());
        return true;
    }

    /// <summary>The due time of a target started at <paramref name="start"/>.</summary>
    public DateTimeOffset DueFrom(DateTimeOffset start, BusinessCalendar calendar) => Clock switch
    {
        SlaClock.Calendar => start + TimeSpan.FromHours(Amount),
        SlaClock.BusinessHours => calendar.Advance(start, TimeSpan.FromHours(Amount)),
        _ => calendar.AddBusinessDays(start, (int)Amount),
    };

    /// <summary>The calendar this target counts on: around the clock for calendar time, else the region's.</summary>
    public BusinessCalendar CountsOn(BusinessCalendar region) => Clock == SlaClock.Calendar ? BusinessCalendar.AroundTheClock : region;

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s+(?<business>business\s+)?(?<unit>minute|hour|day)s?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
