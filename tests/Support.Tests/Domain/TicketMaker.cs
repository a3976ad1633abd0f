using Support.Core.Domain;

namespace Support.Tests.Domain;

/// <summary>Hand-made tickets for the staff and KPI tests.</summary>
internal static class TicketMaker
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static int _next;

    public static Ticket Ticket(DateTimeOffset? createdAt = null, Channel channel = Channel.Web, Severity severity = Severity.S3, string? email = "ada@example.com", string? phone = null)
    {
        var at = createdAt ?? T0;
        var number = Interlocked.Increment(ref _next);
        var reference = "SUP-" + number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var ticket = Support.Core.Domain.Ticket.Open(
            new Inquiry
            {
                Id = "inq-" + number,
                Reference = reference,
                Channel = channel,
                ReceivedAt = at,
                Requester = new Requester("Ada", email, phone),
                Subject = "Cannot log in",
                Body = "Error 500",
                SourceId = "src-" + number,
            },
            at);
        ticket.ApplyTriage(new TriageResult(Category.Technical, severity, ["test"]), at);
        return ticket;
    }
}
