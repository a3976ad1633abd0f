using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Support.Adapters.Storage;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Tickets;
using Xunit;

namespace Support.IntegrationTests.Storage;

/// <summary>
/// The workload index on Azurite. It shares its one partition with the host the other tests
/// drive, so every test uses people of its own and asks only about them.
/// </summary>
public sealed class TableWorkloadIndexTests(AzuriteFixture env) : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 3, 9, 9, 0, 0, TimeSpan.Zero);

    private readonly TableWorkloadIndex _index = new(new TableServiceClient(env.ConnectionString));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        await new TableServiceClient(env.ConnectionString).CreateTableIfNotExistsAsync(TableNames.Workload, Cancel);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_recorded_assignment_counts_at_once_for_its_person_whatever_the_case_of_their_id()
    {
        var ana = Person("ana");
        await _index.RecordAsync(new WorkloadChange(Reference(), null, ana, new WorkloadAssignment(ana, At)), Cancel);

        var loads = await _index.GetAsync([ana.ToUpperInvariant()], Cancel);

        Assert.Equal(new AssigneeLoad(1, At), Assert.Single(loads).Value);
    }

    [Fact]
    public async Task Each_person_gets_their_own_active_tickets_and_latest_assignment_and_only_those_asked_for_are_answered()
    {
        var (ana, ben, cat) = (Person("ana"), Person("ben"), Person("cat"));
        await _index.RecordAsync(new WorkloadChange(Reference(), null, ana, new WorkloadAssignment(ana, At)), Cancel);
        await _index.RecordAsync(new WorkloadChange(Reference(), null, ana, new WorkloadAssignment(ana, At.AddHours(1))), Cancel);
        await _index.RecordAsync(new WorkloadChange(Reference(), null, ben, new WorkloadAssignment(ben, At.AddHours(2))), Cancel);
        await _index.RecordAsync(new WorkloadChange(Reference(), null, cat, new WorkloadAssignment(cat, At)), Cancel);

        var loads = await _index.GetAsync([ana, ben], Cancel);

        Assert.Equal(2, loads.Count);
        Assert.Equal(new AssigneeLoad(2, At.AddHours(1)), loads[ana]);
        Assert.Equal(new AssigneeLoad(1, At.AddHours(2)), loads[ben]);
    }

    [Fact]
    public async Task A_ticket_that_stops_counting_leaves_the_count_but_not_the_latest_assignment()
    {
        var ana = Person("ana");
        var reference = Reference();
        await _index.RecordAsync(new WorkloadChange(reference, null, ana, new WorkloadAssignment(ana, At)), Cancel);

        await _index.RecordAsync(new WorkloadChange(reference, ana, null, null), Cancel);

        Assert.Equal(new AssigneeLoad(0, At), Load(await _index.GetAsync([ana], Cancel), ana));
    }

    [Fact]
    public async Task Removing_a_row_that_is_gone_already_succeeds_alone_and_together_with_an_assignment()
    {
        var ana = Person("ana");
        var reference = Reference();
        await _index.RecordAsync(new WorkloadChange(reference, null, ana, new WorkloadAssignment(ana, At)), Cancel);
        await _index.RecordAsync(new WorkloadChange(reference, ana, null, null), Cancel);

        await _index.RecordAsync(new WorkloadChange(reference, ana, null, null), Cancel);
        await _index.RecordAsync(new WorkloadChange(reference, ana, null, new WorkloadAssignment(ana, At.AddHours(3))), Cancel);

        Assert.Equal(new AssigneeLoad(0, At.AddHours(3)), Load(await _index.GetAsync([ana], Cancel), ana));
    }

    [Fact]
    public async Task A_reassigned_ticket_moves_from_one_person_to_the_other()
    {
        var (ana, ben) = (Person("ana"), Person("ben"));
        var reference = Reference();
        await _index.RecordAsync(new WorkloadChange(reference, null, ana, new WorkloadAssignment(ana, At)), Cancel);

        await _index.RecordAsync(new WorkloadChange(reference, ana, ben, new WorkloadAssignment(ben, At.AddHours(1))), Cancel);

        var loads = await _index.GetAsync([ana, ben], Cancel);
        Assert.Equal(new AssigneeLoad(0, At), Load(loads, ana));
        Assert.Equal(new AssigneeLoad(1, At.AddHours(1)), Load(loads, ben));
    }

    [Fact]
    public async Task An_overloaded_person_is_counted_only_up_to_the_count_asked_for_with_their_latest_assignment()
    {
        var ana = Person("ana");
        for (var i = 0; i < 12; i++)
        {
            await _index.RecordAsync(new WorkloadChange(Reference(), null, ana, new WorkloadAssignment(ana, At.AddMinutes(i))), Cancel);
        }

        Assert.Equal(new AssigneeLoad(5, At.AddMinutes(11)), Load(await _index.GetAsync([ana], Cancel, countUpTo: 5), ana));
        Assert.Equal(new AssigneeLoad(12, At.AddMinutes(11)), Load(await _index.GetAsync([ana], Cancel), ana));
    }

    [Fact]
    public async Task An_id_with_characters_table_keys_forbid_is_recorded_too()
    {
        var odd = Person("a/b#c?d\\e|f}");
        await _index.RecordAsync(new WorkloadChange(Reference(), null, odd, new WorkloadAssignment(odd, At)), Cancel);

        Assert.Equal(new AssigneeLoad(1, At), Load(await _index.GetAsync([odd], Cancel), odd));
    }

    [Fact]
    public async Task The_hosts_ticket_store_feeds_the_workload_the_assignment_reads_on_every_save_that_changes_it()
    {
        var assignee = Person("staff");
        var services = env.Host.Services;
        var workload = services.GetRequiredService<IAssigneeWorkload>();

        var reference = await StaffTickets.CreateAsync(services, assignee);
        var assigned = Load(await workload.GetAsync([assignee], Cancel), assignee);
        Assert.Equal(1, assigned.ActiveTickets);
        Assert.NotNull(assigned.LastAssignedAt);

        await services.GetRequiredService<TicketWriter>().UpdateAsync(reference, t =>
        {
            t.Ticket.MoveTo(TicketStatus.Pending, assignee, DateTimeOffset.UtcNow);
            return true;
        }, Cancel);
        Assert.Equal(assigned with { ActiveTickets = 0 }, Load(await workload.GetAsync([assignee], Cancel), assignee));
    }

    private static string Person(string name) => $"{name}-{Guid.NewGuid():N}"[..16];

    private static string Reference() => TicketReference.Derive("workload-test:" + Guid.NewGuid().ToString("N"), 0);

    private static AssigneeLoad Load(IReadOnlyDictionary<string, AssigneeLoad> loads, string personId) =>
        loads.GetValueOrDefault(personId, AssigneeLoad.Idle);
}
