using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Support.Adapters;
using Support.Adapters.Storage;
using Support.Core;
using Support.Core.Bookings;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Local.Azurite;

namespace Support.Benchmarks;

/// <summary>
/// The 14-day free-slot query of the booking page for a roster of 20 people (London, Los Angeles, Sydney) holding 500
/// bookings, on Azurite (free ports unless <c>--storage &lt;connection string&gt;</c>): storage round-trips per query
/// (bounded by the days read, not the bookings) and its time.
/// </summary>
public sealed class FreeSlotsCommand : IBenchmarkCommand
{
    private const int People = 20;
    private const int Bookings = 500;
    private const int Runs = 30;

    private static readonly string[] Zones = ["Europe/London", "America/Los_Angeles", "Australia/Sydney"];

    public string Name => "free-slots";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var given = args.SkipWhile(a => a != "--storage").Skip(1).FirstOrDefault();
        AzuriteServer? azurite = null;
        try
        {
            if (given is null)
            {
                azurite = await AzuriteServer.StartScratchAsync(null, cancellationToken);
            }

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage"] = given ?? azurite!.Endpoints.ConnectionString,
                ["SendGrid:ApiKey"] = "unused",
                ["Mail:SigningKey"] = new string('b', 40),
            }).Build();
            var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            services.AddSupportCore(configuration).AddSupportAdapters(configuration);
            await using var provider = services.BuildServiceProvider();

            var tables = provider.GetRequiredService<TableServiceClient>();
            foreach (var name in new[] { TableNames.Bookings, TableNames.Config })
            {
                await tables.DeleteTableAsync(name, cancellationToken);
                await tables.CreateTableIfNotExistsAsync(name, cancellationToken);
            }

            var roster = Roster();
            await provider.GetRequiredService<IRosterStore>().SaveAsync(roster, "benchmark", null, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            var seeded = await SeedAsync(provider.GetRequiredService<IBookingStore>(), roster, now, cancellationToken);

            var calendar = provider.GetRequiredService<BookingCalendar>();
            var kind = calendar.Options.Kind("phone")!;
            var counters = provider.GetRequiredService<StorageRoundTrips>();
            await calendar.FreeAsync(kind, null, cancellationToken);

            var times = new List<double>();
            var trips = new List<long>();
            var slots = 0;
            for (var run = 0; run < Runs; run++)
            {
                counters.Reset();
                var clock = Stopwatch.StartNew();
                slots = (await calendar.FreeAsync(kind, null, cancellationToken)).Count;
                clock.Stop();
                times.Add(clock.Elapsed.TotalMilliseconds);
                trips.Add(counters.Storage);
            }

            times.Sort();
            Console.WriteLine($"{People} people, {seeded} bookings over 14 days: {slots} free starts offered");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"free_slots_roundtrips={trips.Max()} p50_ms={times[times.Count / 2]:0.0} p99_ms={times[^1]:0.0} bookings={seeded} people={People} n={Runs}"));
            return 0;
        }
        finally
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
        }
    }

    private static RosterDocument Roster()
    {
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        var people = Enumerable.Range(0, People).Select(i => new Person
        {
            Id = $"p{i:D2}",
            Name = $"Person {i}",
            Email = $"p{i:D2}@example.com",
            Roles = [SupportRole.FirstLevel],
            TimeZone = Zones[i % Zones.Length],
            WorkingHours = [.. weekdays.Select(d => new WorkingHours(d, new TimeOnly(8, 0), new TimeOnly(17, 0)))],
        }).ToList();
        return new RosterDocument
        {
            People = people,
            Rotations =
            [
                .. Enum.GetValues<SupportRole>().Select(role => new Rotation { Role = role, Start = new DateTime(2026, 1, 5, 9, 0, 0), People = [people[0].Id] }),
            ],
        };
    }

    /// <summary>Bookings spread over the people and the next 14 days, each written as a claim is (its day under the ETag).</summary>
    private static async Task<int> SeedAsync(IBookingStore store, RosterDocument roster, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = 0;
        for (var i = 0; stored < Bookings && i < Bookings * 4; i++)
        {
            var person = roster.People[i % People];
            var zone = ZoneTime.Find(person.TimeZone);
            var date = DateOnly.FromDateTime(ZoneTime.ToLocal(now, zone)).AddDays(1 + (i / People % 14));
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            var start = ZoneTime.ToInstant(date.ToDateTime(new TimeOnly(8, 0)).AddMinutes(45 * (i / (People * 14) % 12)), zone);
            var day = await store.DayAsync(person.Id, date, cancellationToken);
            var booking = new Booking
            {
                Id = Booking.NewId(date),
                Kind = "phone",
                PersonId = person.Id,
                Start = start,
                End = start.AddMinutes(30),
                CustomerName = "Customer",
                CustomerEmail = $"c{i}@example.com",
                CustomerTimeZone = "UTC",
                BookedAt = now,
                Uid = $"bench-{i}@example.com",
            };
            if (await store.TryClaimAsync(day.With(new BookedSession(booking.Id, "phone", booking.Start, booking.End, false)), booking, cancellationToken) is not null)
            {
                stored++;
            }
        }

        return stored;
    }
}
