using Microsoft.Extensions.DependencyInjection;
using Support.Core.Assignment;
using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Roster;
using Support.Core.Sla;
using Support.Tests.Fakes;
using Xunit;

namespace Support.Tests.Pipeline;

/// <summary>Triage, assignment and notification handlers together, over in-memory ports.</summary>
public sealed class PipelineTests
{
    [Fact]
    public async Task A_web_inquiry_becomes_an_assigned_ticket_with_one_acknowledgement()
    {
        var harness = new PipelineHarness();
        var result = await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None);

        var outcomes = await harness.DrainAsync();

        Assert.All(outcomes, o => Assert.True(o.Completed));
        var ticket = (await harness.Store.GetAsync(result.Reference, CancellationToken.None))!;
        Assert.Equal(TicketStatus.New, ticket.Status);
        Assert.Equal(Category.Technical, ticket.Category);
        Assert.NotNull(ticket.Assignee);
        Assert.Equal(
            [TimelineEventTypes.Received, TimelineEventTypes.Triaged, TimelineEventTypes.Assigned, TimelineEventTypes.Acknowledged, TimelineEventTypes.AssigneeNotified],
            ticket.Timeline.Select(e => e.Type));

        var ack = Assert.Single(harness.Mail.Sent, m => m.To[0].Email == "ada@example.com");
        Assert.Contains($"[{result.Reference}]", ack.Subject, StringComparison.Ordinal);
        Assert.Contains("within 8 business hours", ack.Text, StringComparison.Ordinal);
        Assert.Equal("auto-replied", ack.Headers["Auto-Submitted"]);
        Assert.Equal($"<{ack.MessageId}>", ack.Headers["Message-ID"]);
        Assert.Equal($"support+{result.Reference}@example.com", ack.ReplyTo!.Email);
    }

    [Fact]
    public async Task A_triaged_web_inquiry_writes_its_first_response_due_entry_and_counts_in_its_assignees_workload()
    {
        var harness = new PipelineHarness();
        var result = await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None);

        await harness.DrainAsync();

        var ticket = (await harness.Store.GetAsync(result.Reference, CancellationToken.None))!;
        var due = ticket.Sla.Single(t => t.Target == SlaTargets.FirstResponse).Due!.Value;
        Assert.Contains(new SlaDueEntry(due, result.Reference, SlaTargets.FirstResponse, SlaAction.Breach), harness.DueIndex.Entries);
        var load = (await harness.Services.GetRequiredService<IAssigneeWorkload>().GetAsync([ticket.Assignee!], CancellationToken.None))[ticket.Assignee!];
        Assert.Equal(new AssigneeLoad(1, harness.Time.GetUtcNow()), load);
    }

    [Fact]
    public async Task When_assigning_fails_triage_keeps_the_ticket_unassigned_and_queues_its_assignment_on_its_own()
    {
        var harness = new PipelineHarness(policy: _ => new BrokenPolicy());
        var result = await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None);
        var inquiry = harness.Queue.Sent.Single(s => s.Queue == QueueNames.Inquiries).Body;

        Assert.True((await harness.Dispatcher.DispatchAsync(QueueNames.Inquiries, inquiry, CancellationToken.None)).Completed);

        var ticket = (await harness.Store.GetAsync(result.Reference, CancellationToken.None))!;
        Assert.True(ticket.Triaged);
        Assert.Null(ticket.Assignee);
        Assert.Empty(harness.Mail.Sent);
        var assignment = Assert.Single(harness.Queue.Sent, s => s.Queue == QueueNames.Assignments);
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Dispatcher.DispatchAsync(QueueNames.Assignments, assignment.Body, CancellationToken.None));
    }

    [Fact]
    public async Task An_inquiry_intake_withdrew_never_becomes_a_ticket_even_when_its_message_got_queued()
    {
        var harness = new PipelineHarness();
        var result = await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None);
        await harness.Store.DeleteInquiryAsync(result.Reference, CancellationToken.None);

        var outcomes = await harness.DrainAsync();

        Assert.All(outcomes, o => Assert.True(o.Completed));
        Assert.Null(await harness.Store.GetAsync(result.Reference, CancellationToken.None));
        Assert.Empty(harness.Mail.Sent);
    }

    [Fact]
    public async Task Every_message_delivered_three_times_has_the_effects_of_one()
    {
        var harness = new PipelineHarness();
        var result = await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None);

        await harness.DrainAsync(times: 3);

        Assert.Equal(1, harness.Store.TicketCount);
        var ticket = (await harness.Store.GetAsync(result.Reference, CancellationToken.None))!;
        Assert.Single(ticket.Timeline, e => e.Type == TimelineEventTypes.Triaged);
        Assert.Single(ticket.Timeline, e => e.Type == TimelineEventTypes.Assigned);
        Assert.Single(ticket.Timeline, e => e.Type == TimelineEventTypes.Acknowledged);
        Assert.Single(harness.Mail.Sent, m => m.To[0].Email == "ada@example.com");
        Assert.Equal(2, harness.Mail.Sent.Count);
    }

    [Fact]
    public async Task A_message_of_an_unknown_version_is_poison_with_its_reason()
    {
        var harness = new PipelineHarness();

        var outcome = await harness.Dispatcher.DispatchAsync(QueueNames.Assignments, BinaryData.FromString("""{"v":99,"reference":"SUP-7K3Q9F"}"""), CancellationToken.None);

        Assert.False(outcome.Completed);
        Assert.Contains("version 99", outcome.PoisonReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"reference":"SUP-7K3Q9F"}""")]
    public async Task Unreadable_messages_are_poison(string body)
    {
        var harness = new PipelineHarness();

        var outcome = await harness.Dispatcher.DispatchAsync(QueueNames.Assignments, BinaryData.FromString(body), CancellationToken.None);

        Assert.False(outcome.Completed);
        Assert.NotNull(outcome.PoisonReason);
    }

    [Fact]
    public async Task A_ticket_that_does_not_exist_cannot_be_assigned_and_is_kept_as_poison()
    {
        var harness = new PipelineHarness();

        var outcome = await harness.Dispatcher.DispatchAsync(
            QueueNames.Assignments,
            MessageCodec.Encode(AssignmentMessage.For("SUP-7K3Q9F"), SupportJson.Default.AssignmentMessage),
            CancellationToken.None);

        Assert.False(outcome.Completed);
    }

    [Fact]
    public async Task A_mail_the_provider_rejects_is_recorded_and_not_retried()
    {
        var harness = new PipelineHarness();
        harness.Mail.Respond = m => m.To[0].Email == "ada@example.com" ? MailSendResult.Rejected("invalid address") : MailSendResult.Sent;
        var result = await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None);

        await harness.DrainAsync(times: 2);

        var ticket = (await harness.Store.LoadAsync(result.Reference, CancellationToken.None))!;
        var suppressed = Assert.Single(ticket.Ticket.Timeline, e => e.Type == TimelineEventTypes.MailSuppressed);
        Assert.Equal("invalid address", suppressed.Details["why"]);
        Assert.Single(harness.Mail.Sent, m => m.To[0].Email == "ada@example.com");
        Assert.True(ticket.Mail.HasSent(OwedMailRules.AcknowledgementKey));
    }

    [Fact]
    public async Task Concurrent_updates_to_one_ticket_are_both_kept()
    {
        var harness = new PipelineHarness();
        var result = await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None);
        await harness.DrainAsync();

        var first = (await harness.Store.LoadAsync(result.Reference, CancellationToken.None))!;
        var second = (await harness.Store.LoadAsync(result.Reference, CancellationToken.None))!;
        first.Ticket.Append(harness.Time.GetUtcNow(), TimelineEventTypes.InternalNote, "amelia", ("text", "one"));
        await harness.Store.SaveAsync(first, CancellationToken.None);
        second.Ticket.Append(harness.Time.GetUtcNow(), TimelineEventTypes.InternalNote, "tom", ("text", "two"));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => harness.Store.SaveAsync(second, CancellationToken.None));
        await harness.Writer.UpdateAsync(result.Reference, t =>
        {
            t.Ticket.Append(harness.Time.GetUtcNow(), TimelineEventTypes.InternalNote, "tom", ("text", "two"));
            return true;
        }, CancellationToken.None);

        var saved = (await harness.Store.GetAsync(result.Reference, CancellationToken.None))!;
        Assert.Equal(["one", "two"], saved.Timeline.Where(e => e.Type == TimelineEventTypes.InternalNote).Select(e => e.Details["text"]));
    }

    [Fact]
    public async Task A_new_ticket_whose_chosen_owner_reached_their_cap_before_it_was_stored_goes_to_the_next_choice()
    {
        PipelineHarness? harness = null;
        var racing = new LastPlaceTakenPolicy(() => harness!.Workload);
        harness = new PipelineHarness(policy: _ => racing);
        var result = await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None);

        Assert.All(await harness.DrainAsync(), o => Assert.True(o.Completed));

        var ticket = (await harness.Store.GetAsync(result.Reference, CancellationToken.None))!;
        Assert.Equal(2, racing.Choices);
        Assert.Equal(racing.Second, ticket.Assignee);
        var loads = await harness.Workload.GetAsync([racing.First!, racing.Second!], CancellationToken.None);
        Assert.Equal(1, loads[racing.First!].ActiveTickets);
        Assert.Equal(1, loads[racing.Second!].ActiveTickets);
    }

    /// <summary>
    /// Chooses the role's first person under a cap of one, then, before triage stores the ticket, lets another assignment
    /// take that place (as another instance would); the next choice is the role's second person.
    /// </summary>
    private sealed class LastPlaceTakenPolicy(Func<IWorkloadIndex> workload) : IAssignmentPolicy
    {
        public int Choices { get; private set; }

        public string? First { get; private set; }

        public string? Second { get; private set; }

        public async Task<AssignmentDecision?> ChooseAsync(Ticket ticket, RosterDocument roster, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var people = roster.People.Where(p => p.Roles.Contains(Routing.RoleFor(ticket.Category))).Take(2).ToList();
            (First, Second) = (people[0].Id, people[1].Id);
            if (++Choices == 1)
            {
                await workload().RecordAsync(new WorkloadChange("SUP-OTHER1", null, First, null), cancellationToken);
                return new AssignmentDecision(people[0], "under a cap of one") { WithinCap = 1 };
            }

            return new AssignmentDecision(people[1], "the next choice") { WithinCap = 1 };
        }
    }

    private sealed class BrokenPolicy : IAssignmentPolicy
    {
        public Task<AssignmentDecision?> ChooseAsync(Ticket ticket, RosterDocument roster, DateTimeOffset now, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("assignment policy broken for this test");
    }
}
