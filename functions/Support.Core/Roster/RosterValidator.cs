using System.Text.RegularExpressions;
using Support.Core.Domain;
using Support.Core.Intake;

namespace Support.Core.Roster;

/// <summary>One thing wrong with a roster: where (<c>people[2].timeZone</c>) and what.</summary>
public sealed record RosterProblem(string Path, string Message);

/// <summary>
/// Checks a roster before it is stored and lists every problem at once, so whoever edits it can
/// fix them all in one go rather than one per attempt.
/// </summary>
public static partial class RosterValidator
{
    public static IReadOnlyList<RosterProblem> Validate(RosterDocument? roster)
    {
        if (roster is null)
        {
            return [new RosterProblem("", "the roster is empty")];
        }

        var problems = new List<RosterProblem>();
        var people = roster.People ?? [];
        var rotations = roster.Rotations ?? [];
        if (people.Count == 0)
        {
            problems.Add(new RosterProblem("people", "the roster has no people"));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < people.Count; i++)
        {
            if (people[i] is { } person)
            {
                CheckPerson(person, $"people[{i}]", seen, problems);
            }
            else
            {
                problems.Add(new RosterProblem($"people[{i}]", "is empty"));
            }
        }

        for (var i = 0; i < rotations.Count; i++)
        {
            if (rotations[i] is { } rotation)
            {
                CheckRotation(rotation, $"rotations[{i}]", people, problems);
            }
            else
            {
                problems.Add(new RosterProblem($"rotations[{i}]", "is empty"));
            }
        }

        foreach (var role in Enum.GetValues<SupportRole>())
        {
            var covering = rotations.Count(r => r is not null && r.Role == role && (r.People?.Count ?? 0) > 0);
            if (covering == 0)
            {
                problems.Add(new RosterProblem("rotations", $"nobody covers the {WireNames.Of(role)} role: it needs a rotation with people"));
            }
            else if (covering > 1)
            {
                problems.Add(new RosterProblem("rotations", $"the {WireNames.Of(role)} role has {covering} rotations: one person is on duty per role, so it needs exactly one"));
            }
        }

        return problems;
    }

    private static void CheckPerson(Person person, string path, HashSet<string> seen, List<RosterProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(person.Id))
        {
            problems.Add(new RosterProblem($"{path}.id", "is missing"));
        }
        else if (!seen.Add(person.Id))
        {
            problems.Add(new RosterProblem($"{path}.id", $"'{person.Id}' is used by another person"));
        }

        if (string.IsNullOrWhiteSpace(person.Name))
        {
            problems.Add(new RosterProblem($"{path}.name", "is missing"));
        }

        if (ContactValidation.NormalizeEmail(person.Email) is null)
        {
            problems.Add(new RosterProblem($"{path}.email", $"'{person.Email}' is not a valid email address"));
        }

        if (person.Phone is not null && !E164().IsMatch(person.Phone))
        {
            problems.Add(new RosterProblem($"{path}.phone", $"'{person.Phone}' is not an E.164 number like +447700900123"));
        }

        if ((person.Roles ?? []).Count == 0)
        {
            problems.Add(new RosterProblem($"{path}.roles", "has no role"));
        }

        if (!ZoneTime.TryFind(person.TimeZone, out _))
        {
            problems.Add(new RosterProblem($"{path}.timeZone", $"'{person.TimeZone}' is not a known IANA time zone"));
        }

        if (person.MaxActiveTickets <= 0)
        {
            problems.Add(new RosterProblem($"{path}.maxActiveTickets", $"must be positive, not {person.MaxActiveTickets}"));
        }

        var hours = person.WorkingHours ?? [];
        for (var i = 0; i < hours.Count; i++)
        {
            if (hours[i] is not { } entry)
            {
                problems.Add(new RosterProblem($"{path}.workingHours[{i}]", "is empty"));
            }
            else if (!Enum.IsDefined(entry.Day))
            {
                problems.Add(new RosterProblem($"{path}.workingHours[{i}].day", $"'{(int)entry.Day}' is not a day of the week"));
            }
            else if (entry.Start == entry.End)
            {
                problems.Add(new RosterProblem($"{path}.workingHours[{i}]", $"starts and ends at {entry.Start:HH\\:mm}: an end before the start runs overnight, the same time is ambiguous"));
            }
        }
    }

    private static void CheckRotation(Rotation rotation, string path, IReadOnlyList<Person> people, List<RosterProblem> problems)
    {
        if (!Enum.IsDefined(rotation.Role))
        {
            problems.Add(new RosterProblem($"{path}.role", $"'{(int)rotation.Role}' is not a role"));
        }

        if (!ZoneTime.TryFind(rotation.TimeZone, out _))
        {
            problems.Add(new RosterProblem($"{path}.timeZone", $"'{rotation.TimeZone}' is not a known IANA time zone"));
        }

        if (rotation.Start.Kind != DateTimeKind.Unspecified)
        {
            problems.Add(new RosterProblem($"{path}.start", "must be a local date and time without an offset (like 2025-01-06T09:00:00); the rotation's time zone places it"));
        }

        if (rotation.LengthDays <= 0)
        {
            problems.Add(new RosterProblem($"{path}.lengthDays", $"must be positive, not {rotation.LengthDays}"));
        }

        var members = rotation.People ?? [];
        if (members.Count == 0)
        {
            problems.Add(new RosterProblem($"{path}.people", "has nobody"));
        }

        for (var i = 0; i < members.Count; i++)
        {
            var person = people.FirstOrDefault(p => p is not null && string.Equals(p.Id, members[i], StringComparison.OrdinalIgnoreCase));
            if (person is null)
            {
                problems.Add(new RosterProblem($"{path}.people[{i}]", $"'{members[i]}' is not a person in the roster"));
            }
            else if (Enum.IsDefined(rotation.Role) && !(person.Roles ?? []).Contains(rotation.Role))
            {
                problems.Add(new RosterProblem($"{path}.people[{i}]", $"'{person.Id}' does not have the {WireNames.Of(rotation.Role)} role"));
            }
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
