using Microsoft.Extensions.DependencyInjection;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Tickets;

namespace Support.IntegrationTests;

/// <summary>
/// Tickets for the staff tests, stored directly: through the pipeline they would be assigned to
/// roster people and fill their capacity, changing what the pipeline tests see.
/// </summary>
public static class StaffTickets
{
    /// <param name="assignee">Someone outside the roster, or null: roster people's workload stays as it was.</param>
    /// <param name="message">The customer's words, stored as the inquiry too; null for a ticket alone with a stock message.</param>
    public static async Task<string> CreateAsync(IServiceProvider services, string? assignee = null, string? note = null, Channel channel = Channel.Web, string? message = null, string subject = "Export to CSV fails <b>bold</b>", string? email = null)
    {
        var now = DateTimeOffset.UtcNow;
        var reference = TicketReference.Derive("staff-test:" + Guid.NewGuid().ToString("N"), 0);
        var inquiry = new Inquiry
        {
            Id = Guid.NewGuid().ToString("N"),
            Reference = reference,
            Channel = channel,
            ReceivedAt = now,
            Requester = new Requester("Ada Lovelace", email ?? Api.UniqueEmail(), null),
            Subject = subject,
            Body = message ?? "The export button does nothing.",
            SourceId = reference,
        };
        var ticket = Ticket.Open(inquiry, now);
        ticket.ApplyTriage(new TriageResult(Category.Technical, Severity.S2, ["staff test"]), now);
        if (assignee is not null)
        {
            ticket.Assign(assignee, "staff test", Actors.System, now);
        }

        if (note is not null)
        {
            ticket.RecordStaffMessage("oliver", "note-" + reference, note, internalNote: true, null, now);
        }

        // A test that gives the customer's words reads them back as the inquiry (the forum post quotes them).
        if (message is not null)
        {
            await services.GetRequiredService<ITicketStore>().StoreInquiryAsync(inquiry, CancellationToken.None);
        }

        if (!await services.GetRequiredService<TicketWriter>().TryCreateAsync(ticket, CancellationToken.None))
        {
            throw new InvalidOperationException($"{reference} exists already.");
        }

        return reference;
    }
}
