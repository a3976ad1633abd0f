using System.Diagnostics;

namespace Support.Core.Telemetry;

/// <summary>
/// What the traces carry about a ticket: its reference, set on the span in hand (a request, a queue
/// message) so every dependency call under it can be found by reference. Only the reference: never a
/// name, an address, a number or a message body.
/// </summary>
public static class SupportTelemetry
{
    /// <summary>The span attribute holding the ticket reference.</summary>
    public const string TicketReference = "support.ticket.reference";

    /// <summary>The sources the hosts export besides their own: the Azure SDK's (storage, Service Bus).</summary>
    public static IReadOnlyList<string> Sources { get; } = ["Azure.*"];

    public static void Ticket(string reference) => Activity.Current?.SetTag(TicketReference, reference);
}
