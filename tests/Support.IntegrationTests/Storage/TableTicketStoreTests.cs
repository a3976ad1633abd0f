using Azure.Data.Tables;
using Support.Adapters.Storage;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Tickets;
using Xunit;

namespace Support.IntegrationTests.Storage;

/// <summary>Creating a ticket for an inquiry on Azurite: never for one intake withdrew.</summary>
public sealed class TableTicketStoreTests(AzuriteFixture env)
{
    private static readonly DateTimeOffset At = new(2026, 3, 9, 9, 0, 0, TimeSpan.Zero);

    private readonly TableTicketStore _store = new(new TableServiceClient(env.ConnectionString));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_ticket_is_created_for_a_stored_inquiry_once_and_the_inquiry_reads_as_before()
    {
        var inquiry = Inquiry();
        Assert.Equal(InquiryStoreStatus.Stored, (await _store.StoreInquiryAsync(inquiry, Cancel)).Status);

        Assert.Equal(TicketCreation.Created, await _store.CreateAsync(StoredTicket.New(Ticket.Open(inquiry, At)), whileInquiryStored: true, Cancel));
        Assert.Equal(TicketCreation.Exists, await _store.CreateAsync(StoredTicket.New(Ticket.Open(inquiry, At)), whileInquiryStored: true, Cancel));

        Assert.Equal(inquiry.Body, (await _store.GetInquiryAsync(inquiry.Reference, Cancel))!.Body);
    }

    [Fact]
    public async Task No_ticket_is_created_for_an_inquiry_intake_withdrew()
    {
        var inquiry = Inquiry();
        await _store.StoreInquiryAsync(inquiry, Cancel);
        await _store.DeleteInquiryAsync(inquiry.Reference, Cancel);

        Assert.Equal(TicketCreation.InquiryWithdrawn, await _store.CreateAsync(StoredTicket.New(Ticket.Open(inquiry, At)), whileInquiryStored: true, Cancel));

        Assert.Null(await _store.GetAsync(inquiry.Reference, Cancel));
    }

    private static Inquiry Inquiry()
    {
        var reference = TicketReference.Derive("ticket-store-test:" + Guid.NewGuid().ToString("N"), 0);
        return new Inquiry
        {
            Id = reference + "-inq",
            Reference = reference,
            Channel = Channel.Web,
            ReceivedAt = At,
            Requester = new Requester("Pat Customer", "pat@example.org", null),
            Subject = "Cannot log in",
            Body = "The login page says error 500.",
            SourceId = reference,
            Attributes = new Dictionary<string, string>(),
        };
    }
}
