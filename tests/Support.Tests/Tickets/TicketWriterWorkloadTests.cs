using Support.Core.Assignment;
using Support.Core.Domain;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Tickets;
using Support.Tests.Fakes;
using Support.Tests.Roster;
using Xunit;

namespace Support.Tests.Tickets;

/// <summary>The workload index as the ticket writer keeps it beside every save.</summary>
public sealed class TicketWriterWorkloadTests
{
    private static readonly DateTimeOffset Now = TestRoster.LondonMorning;

    private readonly InMemoryTicketStore _tickets = new();
    private readonly InMemoryWorkloadIndex _index = new();
    private readonly TicketWriter _store;

    public TicketWriterWorkloadTests() => _store = TicketWriters.Over(_tickets, workload: _index);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_ticket_nobody_has_yet_records_nothing()
    {
        await CreateAsync(assignee: null);

        Assert.Empty(_index.Changes);
    }

    [Fact]
    public async Task A_new_assigned_ticket_counts_for_its_assignee_and_is_their_latest_assignment()
    {
        var reference = await CreateAsync("ana");

        Assert.Equal(new WorkloadChange(reference, null, "ana", new WorkloadAssignment("ana", Now)), Assert.Single(_index.Changes));
        Assert.Equal(new AssigneeLoad(1, Now), await LoadAsync("ana"));
    }

    [Fact]
    public async Task Assigning_a_stored_ticket_records_the_assignment_once()
    {
        var reference = await CreateAsync(assignee: null);

        await ChangeAsync(reference, t => t.Assign("ana", "test", Actors.System, Now.AddMinutes(1)));

        Assert.Equal(new WorkloadChange(reference, null, "ana", new WorkloadAssignment("ana", Now.AddMinutes(1))), Assert.Single(_index.Changes));
    }

    [Fact]
    public async Task Saves_that_leave_the_ownership_as_it_was_record_nothing()
    {
        var reference = await CreateAsync("ana");

        await ChangeStoredAsync(reference, t =>
        {
            t.ClaimMail("assignee-notice", "claim-1", Now, TimeSpan.FromMinutes(5));
            t.RecordMailSent("assignee-notice", TimelineEventTypes.AssigneeNotified, "ana@example.org", "msg-1", Now);
        });
        await ChangeAsync(reference, t => t.RecordStaffMessage("ana", "note-1", "looking", internalNote: true, moveTo: null, Now));
        await ChangeAsync(reference, t => t.Correct(Category.Technical, Severity.S2, "ana", Now));

        Assert.Single(_index.Changes);
        Assert.Equal(3, _tickets.Saves);
    }

    [Fact]
    public async Task Opening_an_assigned_ticket_records_nothing_since_new_and_open_both_wait_on_us()
    {
        var reference = await CreateAsync("ana");

        await ChangeAsync(reference, t => t.MoveTo(TicketStatus.Open, "ana", Now));

        Assert.Single(_index.Changes);
        Assert.Equal(new AssigneeLoad(1, Now), await LoadAsync("ana"));
    }

    [Fact]
    public async Task Pending_takes_the_ticket_out_of_the_count_and_a_customer_reply_puts_it_back()
    {
        var reference = await CreateAsync("ana", TicketStatus.Open);

        await ChangeAsync(reference, t => t.MoveTo(TicketStatus.Pending, "ana", Now));
        Assert.Equal(new WorkloadChange(reference, "ana", null, null), _index.Changes[^1]);
        Assert.Equal(new AssigneeLoad(0, Now), await LoadAsync("ana"));

        await ChangeAsync(reference, t => t.RecordCustomerMessage("pat@example.org", "m-1", "still broken", reopen: true, Now));
        Assert.Equal(new WorkloadChange(reference, null, "ana", null), _index.Changes[^1]);
        Assert.Equal(new AssigneeLoad(1, Now), await LoadAsync("ana"));
        Assert.Equal(3, _index.Changes.Count);
    }

    [Fact]
    public async Task Reassigning_moves_the_ticket_to_the_new_assignee()
    {
        var reference = await CreateAsync("ana", TicketStatus.Open);
        var later = Now.AddHours(1);

        await ChangeAsync(reference, t => t.Assign("ben", "reassigned by meg", "meg", later));

        Assert.Equal(new WorkloadChange(reference, "ana", "ben", new WorkloadAssignment("ben", later)), _index.Changes[^1]);
        Assert.Equal(new AssigneeLoad(0, Now), await LoadAsync("ana"));
        Assert.Equal(new AssigneeLoad(1, later), await LoadAsync("ben"));
    }

    [Fact]
    public async Task Merging_a_duplicate_takes_it_out_of_the_count()
    {
        var reference = await CreateAsync("ana", TicketStatus.Open);

        await ChangeAsync(reference, t => t.MergeInto("SUP-OTHER", "ana", Now));

        Assert.Equal(new WorkloadChange(reference, "ana", null, null), _index.Changes[^1]);
        Assert.Equal(0, (await LoadAsync("ana")).ActiveTickets);
    }

    [Fact]
    public async Task Solving_a_pending_ticket_records_nothing_and_closing_it_clears_its_row_again()
    {
        var reference = await CreateAsync("ana", TicketStatus.Pending);
        var recorded = _index.Changes.Count;

        await ChangeAsync(reference, t => t.MoveTo(TicketStatus.Solved, Actors.System, Now));
        Assert.Equal(recorded, _index.Changes.Count);

        await ChangeAsync(reference, t => t.MoveTo(TicketStatus.Closed, Actors.System, Now));
        Assert.Equal(new WorkloadChange(reference, "ana", null, null), _index.Changes[^1]);
        Assert.Equal(recorded + 1, _index.Changes.Count);
    }

    [Fact]
    public async Task The_index_is_written_before_the_ticket_and_a_row_a_failed_save_left_goes_when_the_ticket_closes()
    {
        var reference = await CreateAsync("ana", TicketStatus.Pending);

        var reopened = (await _tickets.LoadAsync(reference, Cancel))!;
        reopened.Ticket.MoveTo(TicketStatus.Open, "ana", Now);
        _tickets.Unavailable = true;
        await Assert.ThrowsAsync<StorageUnavailableException>(() => _store.SaveAsync(reopened, Cancel));
        _tickets.Unavailable = false;
        Assert.Equal(1, (await LoadAsync("ana")).ActiveTickets);

        await ChangeAsync(reference, t => t.MoveTo(TicketStatus.Solved, "ana", Now));
        await ChangeAsync(reference, t => t.MoveTo(TicketStatus.Closed, "ana", Now));
        Assert.Equal(0, (await LoadAsync("ana")).ActiveTickets);
    }

    [Fact]
    public async Task A_redelivered_create_that_chose_another_owner_leaves_the_stored_owner_counted()
    {
        var reference = await CreateAsync("ana");

        var redelivered = Ticket.Open(TestRoster.Inquiry(reference, Now), Now);
        redelivered.Assign("ben", "test", Actors.System, Now);
        Assert.False(await _store.TryCreateAsync(redelivered, Cancel));

        Assert.Equal(1, (await LoadAsync("ana")).ActiveTickets);
        Assert.Equal(0, (await LoadAsync("ben")).ActiveTickets);
    }

    [Fact]
    public async Task A_reassignment_that_loses_to_another_save_leaves_the_winner_counted()
    {
        var reference = await CreateAsync("ana");
        var first = (await _tickets.LoadAsync(reference, Cancel))!;
        var second = (await _tickets.LoadAsync(reference, Cancel))!;

        first.Ticket.Assign("ben", "test", Actors.System, Now.AddMinutes(1));
        await _store.SaveAsync(first, Cancel);
        second.Ticket.Assign("cat", "test", Actors.System, Now.AddMinutes(2));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _store.SaveAsync(second, Cancel));

        Assert.Equal(0, (await LoadAsync("ana")).ActiveTickets);
        Assert.Equal(1, (await LoadAsync("ben")).ActiveTickets);
        Assert.Equal(0, (await LoadAsync("cat")).ActiveTickets);
    }

    [Fact]
    public async Task A_new_ticket_assigned_under_a_cap_its_owner_has_reached_meanwhile_is_not_stored()
    {
        await CreateAsync("ana");
        var ticket = TestRoster.Ticket(Category.Question, Severity.S3, Now, TicketStatus.New, "ana");
        var stored = StoredTicket.New(ticket);
        stored.AssignedWithinCap = 1;

        var refused = await Assert.ThrowsAsync<WorkloadCapReachedException>(() => _store.CreateAsync(stored, whileInquiryStored: false, Cancel));

        Assert.Equal("ana", refused.PersonId);
        Assert.Null(await _tickets.GetAsync(ticket.Reference, Cancel));
        Assert.Equal(1, (await LoadAsync("ana")).ActiveTickets);
    }

    [Fact]
    public async Task An_assignment_whose_last_place_another_takes_before_it_is_saved_is_decided_again_from_the_stored_count()
    {
        var reference = await CreateAsync(assignee: null);
        var decisions = 0;

        var saved = await _store.UpdateAsync(reference, async (t, ct) =>
        {
            decisions++;
            var ana = (await _index.GetAsync(["ana"], ct))["ana"];
            if (decisions == 1)
            {
                // Another instance assigns ana her last place between this read and the save.
                await CreateAsync("ana");
            }

            t.Ticket.Assign(ana.ActiveTickets < 1 ? "ana" : "ben", "test", Actors.System, Now);
            t.AssignedWithinCap = 1;
            return true;
        }, Cancel);

        Assert.Equal(2, decisions);
        Assert.Equal("ben", saved!.Ticket.Assignee);
        Assert.Equal(1, (await LoadAsync("ana")).ActiveTickets);
        Assert.Equal(1, (await LoadAsync("ben")).ActiveTickets);
    }

    private async Task<string> CreateAsync(string? assignee, TicketStatus status = TicketStatus.New)
    {
        var ticket = TestRoster.Ticket(Category.Question, Severity.S3, Now, status, assignee);
        Assert.True(await _store.TryCreateAsync(ticket, Cancel));
        return ticket.Reference;
    }

    private Task ChangeAsync(string reference, Action<Ticket> change) =>
        ChangeStoredAsync(reference, stored => change(stored.Ticket));

    private async Task ChangeStoredAsync(string reference, Action<StoredTicket> change)
    {
        var ticket = (await _tickets.LoadAsync(reference, Cancel))!;
        change(ticket);
        await _store.SaveAsync(ticket, Cancel);
    }

    private async Task<AssigneeLoad> LoadAsync(string personId) =>
        (await _index.GetAsync([personId], Cancel))[personId];
}
