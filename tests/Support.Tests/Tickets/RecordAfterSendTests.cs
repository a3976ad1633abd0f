using Support.Core.Domain;
using Support.Core.Mail;
using Support.Core.Notifications;
using Support.Core.Ports;
using Support.Tests.Fakes;
using Support.Core.Tickets;
using Xunit;

namespace Support.Tests.Tickets;

public sealed class RecordAfterSendTests
{
    [Fact]
    public async Task A_short_outage_after_the_send_is_ridden_out_and_the_mail_recorded_once()
    {
        var (store, ticket) = await StoredTicketAsync();
        store.Unavailable = true;

        var recording = TicketWriters.Over(store).RecordAfterSendAsync(ticket, t => t.RecordOutcome("ack", TimelineEventTypes.Acknowledged, "ada@example.com", "m1", MailSendResult.Sent, DateTimeOffset.UtcNow),
            OwedMailRules.ClaimLease / 2, CancellationToken.None);
        await Task.Delay(400);
        store.Unavailable = false;
        await recording;

        var saved = (await store.LoadAsync(ticket.Reference, CancellationToken.None))!;
        Assert.True(saved.Mail.HasSent("ack"));
        Assert.Single(saved.Ticket.Timeline, e => e.Type == TimelineEventTypes.Acknowledged);
    }

    [Fact]
    public async Task An_outage_longer_than_the_window_still_fails_so_the_message_is_retried()
    {
        var (store, ticket) = await StoredTicketAsync();
        store.Unavailable = true;

        await Assert.ThrowsAsync<StorageUnavailableException>(() => TicketWriters.Over(store).RecordAfterSendAsync(
            ticket, t => t.RecordOutcome("ack", TimelineEventTypes.Acknowledged, "ada@example.com", "m1", MailSendResult.Sent, DateTimeOffset.UtcNow),
            TimeSpan.FromMilliseconds(600), CancellationToken.None));
    }

    private static async Task<(InMemoryTicketStore Store, StoredTicket Ticket)> StoredTicketAsync()
    {
        var store = new InMemoryTicketStore();
        var ticket = Domain.TicketStatusMachineTests.TicketAt(TicketStatus.New);
        await store.CreateAsync(StoredTicket.New(ticket), whileInquiryStored: false, CancellationToken.None);
        return (store, (await store.LoadAsync(ticket.Reference, CancellationToken.None))!);
    }
}
