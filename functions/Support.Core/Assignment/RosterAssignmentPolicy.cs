using Support.Core.Bookings;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Roster;

namespace Support.Core.Assignment;

/// <summary>
/// Chooses an owner from the roster. A ticket that had an owner before (reopened, or a follow-up)
/// goes back to them while they are working. Otherwise, among the people of the ticket's role who
/// are working and under their cap on active work (tickets waiting on us, and that day's sessions
/// that count toward it, <see cref="SessionLoad"/>): the on-duty person first, then whoever has gone
/// longest without an assignment (round robin). When nobody qualifies the on-duty person takes it
/// anyway and the manager is told, so no ticket is ever left without an owner.
/// </summary>
public sealed class RosterAssignmentPolicy(ITicketStore store, IAssigneeWorkload workload, SessionLoad sessionLoad) : IAssignmentPolicy
{
    public async Task<AssignmentDecision?> ChooseAsync(Ticket ticket, RosterDocument roster, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var role = Routing.RoleFor(ticket.Category);
        var roleName = WireNames.Of(role);

        if (await PreviousOwner.FindAsync(ticket, store, cancellationToken) is { } previousId
            && roster.Find(previousId) is { } previous
            && IsWorking(previous, now))
        {
            return new AssignmentDecision(previous, $"back to {previous.Id}, who had it before and is working");
        }

        var working = roster.People.Where(p => p.Roles.Contains(role) && IsWorking(p, now)).ToList();
        var loads = new Dictionary<string, AssigneeLoad>(StringComparer.OrdinalIgnoreCase);
        AssigneeLoad LoadOf(Person person) => loads.GetValueOrDefault(person.Id) ?? AssigneeLoad.Idle;

        // A session that counts toward the cap takes a ticket's place for its day: the room left for tickets is what the
        // stored count is checked against when the assignment is saved.
        var sessions = await sessionLoad.TodayAsync(now, cancellationToken);
        int Room(Person person) => person.MaxActiveTickets - sessions.Of(person);
        bool UnderCap(Person person) => LoadOf(person).ActiveTickets < Room(person);
        string Load(Person person) => sessions.Of(person) is var today and > 0
            ? $"{LoadOf(person).ActiveTickets} active tickets and {today} {(today == 1 ? "session" : "sessions")} today of {person.MaxActiveTickets}"
            : $"{LoadOf(person).ActiveTickets} of {person.MaxActiveTickets} active tickets";
        async Task ReadLoadsAsync(IReadOnlyCollection<Person> people)
        {
            var unread = people.Where(p => !loads.ContainsKey(p.Id)).ToList();
            if (unread.Count == 0)
            {
                return;
            }

            var read = await workload.GetAsync([.. unread.Select(p => p.Id)], cancellationToken, countUpTo: unread.Max(p => p.MaxActiveTickets));
            foreach (var person in unread)
            {
                loads[person.Id] = read.FirstOrDefault(l => string.Equals(l.Key, person.Id, StringComparison.OrdinalIgnoreCase)).Value ?? AssigneeLoad.Idle;
            }
        }

        // The on-duty person takes most tickets, and their load alone decides when they are under their cap:
        // the others' loads are read only when it comes to round robin.
        var onDuty = OnDuty.For(roster, role, now);
        if (onDuty is not null && working.Find(p => p.Id == onDuty.Id) is { } dutyPerson)
        {
            await ReadLoadsAsync([dutyPerson]);
            if (UnderCap(dutyPerson))
            {
                return new AssignmentDecision(dutyPerson, $"on duty for {roleName}, working, {Load(dutyPerson)}")
                {
                    WithinCap = Room(dutyPerson),
                };
            }
        }

        await ReadLoadsAsync(working);
        var eligible = working.Where(UnderCap).ToList();
        if (eligible.Count > 0)
        {
            var next = eligible
                .OrderBy(p => LoadOf(p).LastAssignedAt ?? DateTimeOffset.MinValue)
                .ThenBy(p => p.Id, StringComparer.Ordinal)
                .First();
            return new AssignmentDecision(next, $"round robin: longest without an assignment among {eligible.Count} {roleName} people working and under their cap")
            {
                WithinCap = Room(next),
            };
        }

        var shortage = working.Count == 0
            ? $"no {roleName} person is working now"
            : $"every {roleName} person working now is at their cap";
        if (onDuty is not null)
        {
            return new AssignmentDecision(onDuty, $"on duty for {roleName}; {shortage}") { ManagerReason = shortage };
        }

        // Only a roster stored without validation gets here: any owner beats none.
        var anyone = roster.People.FirstOrDefault(p => p.Roles.Contains(role))
            ?? OnDuty.For(roster, SupportRole.Manager, now)
            ?? (roster.People.Count > 0 ? roster.People[0] : null);
        return anyone is null
            ? null
            : new AssignmentDecision(anyone, $"nobody is on duty for {roleName}; {shortage}") { ManagerReason = $"{shortage} and no rotation covers {roleName}" };
    }

    private static bool IsWorking(Person person, DateTimeOffset now) =>
        ZoneTime.TryFind(person.TimeZone, out var zone) && WorkingTime.IsWorking(zone, person.WorkingHours, now);
}
