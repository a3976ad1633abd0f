using Microsoft.Extensions.Logging.Abstractions;
using Support.Core.Assignment;
using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Sla;
using Support.Core.Tickets;
using Support.Tests.Fakes;
using Support.Tests.Roster;
using Xunit;

namespace Support.Tests.Tickets;

/// <summary>What the pure step of the new-ticket flow decides, before anything is written or sent.</summary>
public sealed class TicketDecisionsTests
{
    private static readonly DateTimeOffset Now = TestRoster.LondonMorning;

    private readonly TicketDecisions _decisions;

    public TicketDecisionsTests()
    {
        var composer = TestMail.Composer();
        _decisions = new TicketDecisions(SlaEngine.Default, new OwedMailRules(composer, new StaffMailComposer(composer), SlaEngine.Default, NullLogger<OwedMailRules>.Instance));
    }

    [Fact]
    public void Opening_an_s1_ticket_assigns_it_claims_its_three_mails_and_owes_the_indexes_its_due_times_and_its_owner()
    {
        var roster = TestRoster.Team();
        var inquiry = TestRoster.Inquiry("SUP-D00001", Now);
        var triaged = TicketDecisions.Triaged(inquiry, new TriageResult(Category.Question, Severity.S1, ["test"]), Now);

        var opening = _decisions.Open(triaged, inquiry, new AssignmentChoice(new AssignmentDecision(roster.Find("ana")!, "on duty"), roster), Now);

        Assert.Equal("ana", opening.Stored.Ticket.Assignee);
        Assert.True(opening.Plan!.Mails!.ClaimedAny);
        Assert.Equal(
            new[] { OwedMailRules.AcknowledgementKey, $"assignee:ana:{Now.ToUnixTimeSeconds()}", OwedMailRules.ManagerS1Key }.Order(StringComparer.Ordinal),
            opening.Stored.Mail.Claims.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new WorkloadChange(inquiry.Reference, null, "ana", new WorkloadAssignment("ana", Now)), opening.Indexes.Workload);
        Assert.NotEmpty(opening.Stored.Ticket.Sla);
        Assert.Equal(SlaDueEntries.For(opening.Stored.Ticket).ToHashSet(), opening.Indexes.DueEntries.ToHashSet());
    }

    [Fact]
    public void When_no_owner_could_be_chosen_the_ticket_opens_unassigned_with_nothing_claimed()
    {
        var inquiry = TestRoster.Inquiry("SUP-D00002", Now);
        var triaged = TicketDecisions.Triaged(inquiry, new TriageResult(Category.Question, Severity.S3, ["test"]), Now);

        var opening = _decisions.Open(triaged, inquiry, choice: null, Now);

        Assert.Null(opening.Plan);
        Assert.Null(opening.Stored.Ticket.Assignee);
        Assert.Empty(opening.Stored.Mail.Claims);
        Assert.Null(opening.Indexes.Workload);
    }

    [Fact]
    public void Assigning_with_a_manager_reason_keeps_it_on_the_ticket_and_owes_the_manager_an_alert()
    {
        var roster = TestRoster.Team();
        var ticket = TestRoster.Ticket(Category.Question, Severity.S3, Now);
        var stored = StoredTicket.New(ticket);

        var plan = _decisions.Assign(stored, new AssignmentDecision(roster.Find("ana")!, "on duty") { ManagerReason = "everyone is at their cap" }, null, roster, Now);

        Assert.True(plan.Changed);
        Assert.Contains(ticket.Timeline, e => e.Type == TimelineEventTypes.ManagerAttention && e.Details.GetValueOrDefault("why") == "everyone is at their cap");
        Assert.Contains(stored.Mail.Claims.Keys, k => k.StartsWith("manager:attention:", StringComparison.Ordinal));
    }
}
