using Microsoft.Extensions.Logging;
using Support.Core.Assignment;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Ports;
using Support.Core.Roster;

namespace Support.Core.Replies;

public abstract record FollowUpResult;

public sealed record FollowUpOpened(string Reference) : FollowUpResult;

public sealed record FollowUpNotFound(string Reference) : FollowUpResult;

/// <summary>The ticket is not closed: staff reply on it instead.</summary>
public sealed record FollowUpNotClosed(string Reference, TicketStatus Status) : FollowUpResult;

/// <summary>
/// A closed ticket is final, so staff who need to carry on with the customer open a follow-up: a new
/// ticket for the same requester and subject, linked to the closed one and going back to its owner,
/// through intake like any other ticket (so the customer is told the new reference once).
/// </summary>
public sealed class FollowUps(ITicketStore store, InquiryIntake intake, ILogger<FollowUps> logger)
{
    /// <param name="reference">The closed ticket, normalised.</param>
    /// <param name="actor">The roster person opening it; <paramref name="roster"/> gives their name for the new ticket's text.</param>
    public async Task<FollowUpResult> OpenAsync(string reference, string actor, RosterDocument roster, CancellationToken cancellationToken)
    {
        var closed = await store.GetAsync(reference, cancellationToken);
        if (closed is null)
        {
            return new FollowUpNotFound(reference);
        }

        if (closed.Status != TicketStatus.Closed)
        {
            return new FollowUpNotClosed(reference, closed.Status);
        }

        var result = await intake.AcceptAsync(new InquirySubmission
        {
            Channel = closed.Channel,
            Requester = closed.Requester,
            Subject = closed.Subject,
            Body = $"Follow-up of {reference}, opened by {roster.Find(actor)?.Name ?? actor}.",
            DedupeKey = $"follow-up:{reference}:{Guid.NewGuid():N}",
            Region = closed.Region,
            Participants = closed.Participants,
            Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { [PreviousOwner.FollowUpOfAttribute] = reference },
        }, cancellationToken);
        logger.LogInformation("{Reference} follow-up of closed {Closed} opened by {Actor}", result.Reference, reference, actor);
        return new FollowUpOpened(result.Reference);
    }
}
