using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Support.Adapters.Storage;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Tickets;
using Xunit;

namespace Support.IntegrationTests.Storage;

/// <summary>
/// The workload index on Azurite. It shares its table with the host the other tests drive, so every test uses people
/// of its own and asks only about them.
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
    public async Task A_change_recorded_again_counts_once_and_a_removal_recorded_again_takes_nothing_more()
    {
        var ana = Person("ana");
        var (first, second) = (Reference(), Reference());
        var assigned = new WorkloadChange(first, null, ana, new WorkloadAssignment(ana, At)) { Cap = 1 };

        await _index.RecordAsync(assigned, Cancel);
        await _index.RecordAsync(assigned, Cancel);
        await Instance().RecordAsync(assigned, Cancel);
        await _index.RecordAsync(new WorkloadChange(second, null, ana, null), Cancel);
        await AssertCountedAsync(ana, 2);

        var removed = new WorkloadChange(first, ana, null, null);
        await _index.RecordAsync(removed, Cancel);
        await Instance().RecordAsync(removed, Cancel);
        await AssertCountedAsync(ana, 1);
    }

    [Fact]
    public async Task Instances_assigning_one_person_at_once_never_take_them_past_the_cap_they_chose_under()
    {
        var ana = Person("ana");
        var instances = Enumerable.Range(0, 4).Select(_ => Instance()).ToList();
        foreach (var instance in instances)
        {
            Assert.Equal(0, Load(await instance.GetAsync([ana], Cancel, countUpTo: 3), ana).ActiveTickets);
        }

        var recorded = await Task.WhenAll(Enumerable.Range(0, 12).Select(async n =>
        {
            try
            {
                await instances[n % instances.Count].RecordAsync(new WorkloadChange(Reference(), null, ana, new WorkloadAssignment(ana, At.AddSeconds(n))) { Cap = 3 }, Cancel);
                return true;
            }
            catch (WorkloadCapReachedException)
            {
                return false;
            }
        }));

        Assert.Equal(3, recorded.Count(r => r));
        await AssertCountedAsync(ana, 3);
    }

    [Fact]
    public async Task An_instance_whose_copy_is_behind_another_refuses_on_the_stored_count_and_counts_on_it()
    {
        var ana = Person("ana");
        var other = Instance();
        await _index.RecordAsync(new WorkloadChange(Reference(), null, ana, null), Cancel);
        await other.RecordAsync(new WorkloadChange(Reference(), null, ana, null), Cancel);
        await other.RecordAsync(new WorkloadChange(Reference(), null, ana, null), Cancel);

        await Assert.ThrowsAsync<WorkloadCapReachedException>(() => _index.RecordAsync(new WorkloadChange(Reference(), null, ana, null) { Cap = 3 }, Cancel));
        await _index.RecordAsync(new WorkloadChange(Reference(), null, ana, null), Cancel);

        await AssertCountedAsync(ana, 4);
    }

    [Fact]
    public async Task A_copy_at_the_cap_answers_for_a_few_seconds_but_an_assignment_under_the_cap_is_checked_on_the_stored_count()
    {
        var ana = Person("ana");
        var references = Enumerable.Range(0, 3).Select(_ => Reference()).ToList();
        foreach (var reference in references)
        {
            await _index.RecordAsync(new WorkloadChange(reference, null, ana, null), Cancel);
        }

        await Instance().RecordAsync(new WorkloadChange(references[0], ana, null, null), Cancel);

        // No read per ticket while the on-duty person is at their cap: a place freed elsewhere shows a few seconds late.
        Assert.Equal(3, Load(await _index.GetAsync([ana], Cancel, countUpTo: 3), ana).ActiveTickets);
        await _index.RecordAsync(new WorkloadChange(Reference(), null, ana, null) { Cap = 3 }, Cancel);
        await AssertCountedAsync(ana, 3);
    }

    [Fact]
    public async Task A_person_left_in_the_partition_everyone_shared_is_moved_to_their_own_on_first_read_counted_from_their_ticket_rows()
    {
        var ana = Person("ana");
        var table = Table();
        // One row from before counts were kept, one whose count is behind its ticket rows: the rows decide.
        await table.AddEntityAsync(new TableEntity(TableWorkloadIndex.SharedPartition, ana + "|l") { ["LastAssignedAt"] = At, ["Active"] = 1 }, Cancel);
        await table.AddEntityAsync(new TableEntity(TableWorkloadIndex.SharedPartition, $"{ana}|t|{Reference()}"), Cancel);
        var moving = Reference();
        await table.AddEntityAsync(new TableEntity(TableWorkloadIndex.SharedPartition, $"{ana}|t|{moving}"), Cancel);

        Assert.Equal(new AssigneeLoad(2, At), Load(await _index.GetAsync([ana], Cancel), ana));
        await _index.RecordAsync(new WorkloadChange(Reference(), null, ana, null), Cancel);
        await Instance().RecordAsync(new WorkloadChange(moving, ana, null, null), Cancel);

        await AssertCountedAsync(ana, 2);
        Assert.Empty(await table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {TableWorkloadIndex.SharedPartition} and RowKey ge {ana + "|"} and RowKey lt {ana + "}"}"),
            cancellationToken: Cancel).ToListAsync(Cancel));
    }

    [Fact]
    public async Task Instances_moving_the_same_person_at_once_count_their_tickets_once()
    {
        var ana = Person("ana");
        var table = Table();
        for (var i = 0; i < 3; i++)
        {
            await table.AddEntityAsync(new TableEntity(TableWorkloadIndex.SharedPartition, $"{ana}|t|{Reference()}"), Cancel);
        }

        var instances = Enumerable.Range(0, 4).Select(_ => Instance()).ToList();
        var loads = await Task.WhenAll(instances.Select(i => i.GetAsync([ana], Cancel)));
        Assert.All(loads, l => Assert.Equal(3, Load(l, ana).ActiveTickets));

        await Task.WhenAll(instances.Select(i => i.RecordAsync(new WorkloadChange(Reference(), null, ana, null), Cancel)));
        await AssertCountedAsync(ana, 7);
    }

    [Fact]
    public async Task Each_person_is_a_partition_of_their_own()
    {
        var (ana, ben) = (Person("ana"), Person("ben"));
        var reference = Reference();
        await _index.RecordAsync(new WorkloadChange(reference, null, ana, new WorkloadAssignment(ana, At)), Cancel);
        await _index.RecordAsync(new WorkloadChange(reference, ana, ben, new WorkloadAssignment(ben, At)), Cancel);

        var table = Table();
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>(TableWorkloadIndex.PartitionOf(ben), TableWorkloadIndex.TicketRowKey(reference), cancellationToken: Cancel)).HasValue);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(TableWorkloadIndex.PartitionOf(ana), TableWorkloadIndex.TicketRowKey(reference), cancellationToken: Cancel)).HasValue);
        Assert.NotEqual(TableWorkloadIndex.PartitionOf(ana), TableWorkloadIndex.PartitionOf(ben));
    }

    [Fact]
    public async Task The_hosts_ticket_store_keeps_the_count_right_through_assignment_pending_reopening_reassignment_solving_and_closing()
    {
        var (assignee, colleague) = (Person("staff"), Person("colleague"));
        var services = env.Host.Services;
        var workload = services.GetRequiredService<IAssigneeWorkload>();
        var writer = services.GetRequiredService<TicketWriter>();
        Task ChangeAsync(string reference, Action<Ticket> change) => writer.UpdateAsync(reference, t =>
        {
            change(t.Ticket);
            return true;
        }, Cancel);

        var reference = await StaffTickets.CreateAsync(services, assignee);
        var other = await StaffTickets.CreateAsync(services, assignee);
        var assigned = Load(await workload.GetAsync([assignee], Cancel), assignee);
        Assert.Equal(2, assigned.ActiveTickets);
        Assert.NotNull(assigned.LastAssignedAt);

        await ChangeAsync(reference, t => t.MoveTo(TicketStatus.Pending, assignee, DateTimeOffset.UtcNow));
        Assert.Equal(assigned with { ActiveTickets = 1 }, Load(await workload.GetAsync([assignee], Cancel), assignee));
        await AssertCountedAsync(assignee, 1);

        await ChangeAsync(reference, t => t.MoveTo(TicketStatus.Open, assignee, DateTimeOffset.UtcNow));
        await AssertCountedAsync(assignee, 2);

        await ChangeAsync(reference, t => t.Assign(colleague, "handed over", assignee, DateTimeOffset.UtcNow));
        await AssertCountedAsync(assignee, 1);
        await AssertCountedAsync(colleague, 1);

        await ChangeAsync(reference, t => t.MoveTo(TicketStatus.Solved, colleague, DateTimeOffset.UtcNow));
        await ChangeAsync(other, t => t.MoveTo(TicketStatus.Solved, assignee, DateTimeOffset.UtcNow));
        await AssertCountedAsync(colleague, 0);
        await AssertCountedAsync(assignee, 0);

        await ChangeAsync(reference, t => t.MoveTo(TicketStatus.Open, colleague, DateTimeOffset.UtcNow));
        await AssertCountedAsync(colleague, 1);
        await ChangeAsync(reference, t => t.MoveTo(TicketStatus.Solved, colleague, DateTimeOffset.UtcNow));
        await ChangeAsync(reference, t => t.MoveTo(TicketStatus.Closed, colleague, DateTimeOffset.UtcNow));
        await ChangeAsync(other, t => t.MoveTo(TicketStatus.Closed, assignee, DateTimeOffset.UtcNow));
        await AssertCountedAsync(colleague, 0);
        await AssertCountedAsync(assignee, 0);
    }

    /// <summary>What a fresh instance reads (no copy of its own) and the ticket rows themselves agree on the count.</summary>
    private async Task AssertCountedAsync(string personId, int count)
    {
        Assert.Equal(count, Load(await Instance().GetAsync([personId], Cancel), personId).ActiveTickets);
        var rows = Table().QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {TableWorkloadIndex.PartitionOf(personId)} and RowKey ge {"t|"} and RowKey lt {"t}"}"),
            select: ["RowKey"],
            cancellationToken: Cancel);
        Assert.Equal(count, await rows.CountAsync(Cancel));
    }

    private TableClient Table() => new TableServiceClient(env.ConnectionString).GetTableClient(TableNames.Workload);

    /// <summary>The index as another instance holds it: with no copy of anyone's row yet.</summary>
    private TableWorkloadIndex Instance() => new(new TableServiceClient(env.ConnectionString));

    private static string Person(string name) => $"{name}-{Guid.NewGuid():N}"[..16];

    private static string Reference() => TicketReference.Derive("workload-test:" + Guid.NewGuid().ToString("N"), 0);

    private static AssigneeLoad Load(IReadOnlyDictionary<string, AssigneeLoad> loads, string personId) =>
        loads.GetValueOrDefault(personId, AssigneeLoad.Idle);
}
