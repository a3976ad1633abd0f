using Support.Core.Assignment;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Roster;

namespace Support.Core.Voice;

/// <summary>
/// A call someone answered belongs to them: the ticket goes to the person named in the inquiry's
/// <see cref="DialStatusRoute.AnsweredByAttribute"/>. Every other ticket is left to the wrapped policy.
/// </summary>
public sealed class AnsweredCallAssignmentPolicy(IAssignmentPolicy inner, ITicketStore store) : IAssignmentPolicy
{
    public async Task<AssignmentDecision?> ChooseAsync(Ticket ticket, RosterDocument roster, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ticket.Channel == Channel.Voice
            && await store.GetInquiryAsync(ticket.Reference, cancellationToken) is { } inquiry
            && inquiry.Attributes.TryGetValue(DialStatusRoute.AnsweredByAttribute, out var personId)
            && roster.Find(personId) is { } person)
        {
            return new AssignmentDecision(person, "answered the call");
        }

        return await inner.ChooseAsync(ticket, roster, now, cancellationToken);
    }
}
