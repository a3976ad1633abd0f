using Support.Core.Domain;
using Support.Core.Roster;

using Support.Tests.Fakes;

namespace Support.Tests.Roster;

internal static class TestRoster
{
    public static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public static IReadOnlyList<WorkingHours> Weekly(params (string Start, string End)[] spans) =>
        [.. Weekdays.SelectMany(d => spans.Select(s => new WorkingHours(d, TimeOnly.Parse(s.Start, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(s.End, System.Globalization.CultureInfo.InvariantCulture))))];

    public static Person Person(string id, string zone, SupportRole role, int cap = 5, IReadOnlyList<WorkingHours>? hours = null) => new()
    {
        Id = id,
        Name = char.ToUpperInvariant(id[0]) + id[1..],
        Email = $"{id}@example.com",
        Phone = "+447700900100",
        Roles = [role],
        TimeZone = zone,
        WorkingHours = hours ?? Weekly(("09:00", "17:00")),
        MaxActiveTickets = cap,
    };

    /// <summary>
    /// First level: ana, ben and cat in London, dan in Sydney; ana then ben then dan on duty from
    /// Monday 2 June 2025 09:00 London. Technical: tom (London) then uma (Los Angeles). Manager: meg.
    /// </summary>
    public static RosterDocument Team(int cap = 5) => new()
    {
        People =
        [
            Person("ana", "Europe/London", SupportRole.FirstLevel, cap),
            Person("ben", "Europe/London", SupportRole.FirstLevel, cap),
            Person("cat", "Europe/London", SupportRole.FirstLevel, cap),
            Person("dan", "Australia/Sydney", SupportRole.FirstLevel, cap),
            Person("tom", "Europe/London", SupportRole.Technical, cap),
            Person("uma", "America/Los_Angeles", SupportRole.Technical, cap),
            Person("meg", "Europe/London", SupportRole.Manager, cap),
        ],
        Rotations =
        [
            Rotation(SupportRole.FirstLevel, "ana", "ben", "dan"),
            Rotation(SupportRole.Technical, "tom", "uma"),
            Rotation(SupportRole.Manager, "meg"),
        ],
    };

    public static Rotation Rotation(SupportRole role, params string[] people) => new()
    {
        Role = role,
        Start = new DateTime(2025, 6, 2, 9, 0, 0),
        TimeZone = "Europe/London",
        LengthDays = 14,
        People = people,
    };

    /// <summary>Wednesday 4 June 2025, 10:00 in London: ana's turn, London working hours.</summary>
    public static readonly DateTimeOffset LondonMorning = new(2025, 6, 4, 9, 0, 0, TimeSpan.Zero);

    private static int _sequence;

    public static Ticket Ticket(Category category, Severity severity, DateTimeOffset at, TicketStatus status = TicketStatus.New, string? assignee = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        var inquiry = Inquiry($"SUP-T{n:D5}", at);
        var ticket = Support.Core.Domain.Ticket.Open(inquiry, at);
        ticket.ApplyTriage(new TriageResult(category, severity, ["test"]), at);
        if (assignee is not null)
        {
            ticket.Assign(assignee, "test", Actors.System, at);
        }

        if (status != TicketStatus.New)
        {
            ticket.MoveTo(status, Actors.System, at);
        }

        return ticket;
    }

    public static Inquiry Inquiry(string reference, DateTimeOffset at, IReadOnlyDictionary<string, string>? attributes = null) => new()
    {
        Id = reference + "-inq",
        Reference = reference,
        Channel = Channel.Web,
        ReceivedAt = at,
        Requester = new Requester("Pat Customer", "pat@example.org", null),
        Subject = $"Help with {reference}",
        Body = "text",
        SourceId = reference,
        Attributes = attributes ?? new Dictionary<string, string>(),
    };
}
