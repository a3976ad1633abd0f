using System.Text.Json;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Roster;
using Xunit;

using Support.Tests.Fakes;

namespace Support.Tests.Roster;

public sealed class RosterJsonTests
{
    [Fact]
    public void Working_hours_are_written_as_people_read_them()
    {
        var roster = new RosterDocument
        {
            People = [TestRoster.Person("amira", "Europe/London", SupportRole.FirstLevel, hours: [new WorkingHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 30))])],
        };

        var json = JsonSerializer.Serialize(roster, SupportJson.Default.RosterDocument);

        Assert.Contains("""{"day":"Monday","start":"09:00","end":"12:30"}""", json, StringComparison.Ordinal);
        Assert.Contains("""
            "roles":["first-level"]
            """, json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_roster_round_trips_with_defaults_filled_in()
    {
        const string json = """
            {
              "people": [
                { "id": "amira", "name": "Amira", "email": "amira@example.com", "roles": ["first-level"], "timeZone": "Europe/London",
                  "workingHours": [{ "day": "Monday", "start": "08:00", "end": "12:00" }, { "day": "monday", "start": "13:00:00", "end": "17:00" }] }
              ],
              "rotations": [{ "role": "first-level", "start": "2025-01-06T09:00:00", "timeZone": "Europe/London", "people": ["amira"] }]
            }
            """;

        var roster = JsonSerializer.Deserialize(json, SupportJson.Default.RosterDocument)!;
        var again = JsonSerializer.Deserialize(JsonSerializer.Serialize(roster, SupportJson.Default.RosterDocument), SupportJson.Default.RosterDocument)!;

        var amira = again.People.Single();
        Assert.Equal(5, amira.MaxActiveTickets);
        Assert.Equal([new WorkingHours(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)), new WorkingHours(DayOfWeek.Monday, new TimeOnly(13, 0), new TimeOnly(17, 0))], amira.WorkingHours);
        var rotation = again.Rotations.Single();
        Assert.Equal(14, rotation.LengthDays);
        Assert.Equal(new DateTime(2025, 1, 6, 9, 0, 0), rotation.Start);
        Assert.Equal(DateTimeKind.Unspecified, rotation.Start.Kind);
    }

    [Fact]
    public void A_time_that_is_not_a_time_of_day_is_refused()
    {
        const string json = """{ "people": [{ "id": "a", "name": "A", "email": "a@example.com", "workingHours": [{ "day": "Monday", "start": "9am", "end": "17:00" }] }] }""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, SupportJson.Default.RosterDocument));
    }

    [Fact]
    public void The_sample_roster_is_valid_and_covers_three_continents()
    {
        var roster = RosterSamples.Load();

        Assert.Empty(RosterValidator.Validate(roster));
        Assert.Equal(["America/Los_Angeles", "Australia/Sydney", "Europe/London"], roster.People.Select(p => p.TimeZone).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(roster.People, p => p.WorkingHours.GroupBy(h => h.Day).Any(day => day.Count() > 1));
        Assert.All(roster.People, p => Assert.StartsWith("+", p.Phone, StringComparison.Ordinal));
        Assert.All(Enum.GetValues<SupportRole>(), role => Assert.NotNull(OnDuty.For(roster, role, TestRoster.LondonMorning)));
    }
}
