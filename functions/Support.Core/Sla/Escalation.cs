using Support.Core.Domain;
using Support.Core.Roster;

namespace Support.Core.Sla;

/// <summary>Who an S1 breach goes to: the next technical person after the current assignee.</summary>
public static class Escalation
{
    /// <summary>
    /// The technical rotation's order from whoever is on duty now, else the roster's technical
    /// people in listed order; people working now before those who are not; never <paramref name="current"/>.
    /// </summary>
    public static Person? NextTechnical(RosterDocument roster, string? current, DateTimeOffset now)
    {
        var technical = roster.People.Where(p => p.Roles.Contains(SupportRole.Technical)).ToList();
        var rotation = roster.Rotations.FirstOrDefault(r => r.Role == SupportRole.Technical && r.People.Count > 0);
        IEnumerable<Person> ordered = technical;
        if (rotation is not null)
        {
            var start = OnDuty.TurnAt(rotation, now);
            var inRotation = Enumerable.Range(0, rotation.People.Count)
                .Select(i => roster.Find(rotation.People[(start + i) % rotation.People.Count]))
                .OfType<Person>();
            ordered = inRotation.Concat(technical).DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase);
        }

        var candidates = ordered.Where(p => !string.Equals(p.Id, current, StringComparison.OrdinalIgnoreCase)).ToList();
        return candidates.FirstOrDefault(p => WorkingTime.IsWorking(p, now)) ?? candidates.FirstOrDefault();
    }
}
