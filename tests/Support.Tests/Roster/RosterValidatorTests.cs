using Support.Core.Domain;
using Support.Core.Roster;
using Xunit;

using Support.Tests.Fakes;

namespace Support.Tests.Roster;

public sealed class RosterValidatorTests
{
    [Fact]
    public void A_good_roster_has_no_problems()
    {
        Assert.Empty(RosterValidator.Validate(TestRoster.Team()));
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var good = TestRoster.Person("ana", "Europe/London", SupportRole.FirstLevel);
        var roster = new RosterDocument
        {
            People =
            [
                good,
                good with { Name = "Ana again", Email = "not-an-address" },
                TestRoster.Person("bob", "Mars/Olympus_Mons", SupportRole.Technical, cap: 0) with
                {
                    Phone = "07700 900123",
                    WorkingHours = [new WorkingHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(9, 0))],
                },
            ],
            Rotations =
            [
                TestRoster.Rotation(SupportRole.FirstLevel, "ana", "ghost") with { LengthDays = 0 },
                TestRoster.Rotation(SupportRole.Technical, "bob", "ana") with { TimeZone = "Europe/Londres" },
            ],
        };

        var problems = RosterValidator.Validate(roster);

        Assert.Equal(
            [
                ("people[1].id", "'ana' is used by another person"),
                ("people[1].email", "'not-an-address' is not a valid email address"),
                ("people[2].phone", "'07700 900123' is not an E.164 number like +447700900123"),
                ("people[2].timeZone", "'Mars/Olympus_Mons' is not a known IANA time zone"),
                ("people[2].maxActiveTickets", "must be positive, not 0"),
                ("people[2].workingHours[0]", "starts and ends at 09:00: an end before the start runs overnight, the same time is ambiguous"),
                ("rotations[0].lengthDays", "must be positive, not 0"),
                ("rotations[0].people[1]", "'ghost' is not a person in the roster"),
                ("rotations[1].timeZone", "'Europe/Londres' is not a known IANA time zone"),
                ("rotations[1].people[1]", "'ana' does not have the technical role"),
                ("rotations", "nobody covers the manager role: it needs a rotation with people"),
            ],
            problems.Select(p => (p.Path, p.Message)));
    }

    [Fact]
    public void A_role_needs_exactly_one_rotation_with_people()
    {
        var team = TestRoster.Team();
        var roster = team with
        {
            Rotations =
            [
                .. team.Rotations.Where(r => r.Role != SupportRole.Manager),
                TestRoster.Rotation(SupportRole.Manager),
                TestRoster.Rotation(SupportRole.FirstLevel, "cat"),
            ],
        };

        var problems = RosterValidator.Validate(roster).Select(p => p.Message).ToList();

        Assert.Contains("has nobody", problems);
        Assert.Contains("nobody covers the manager role: it needs a rotation with people", problems);
        Assert.Contains("the first-level role has 2 rotations: one person is on duty per role, so it needs exactly one", problems);
    }

    [Fact]
    public void A_rotation_start_with_an_offset_is_refused()
    {
        var team = TestRoster.Team();
        var roster = team with
        {
            Rotations = [.. team.Rotations.Select(r => r.Role == SupportRole.Manager ? r with { Start = new DateTime(2025, 6, 2, 8, 0, 0, DateTimeKind.Utc) } : r)],
        };

        Assert.Equal(["rotations[2].start"], RosterValidator.Validate(roster).Select(p => p.Path));
    }
}
