using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Core.Email;

/// <summary>
/// Whether a ticket's requester may get the acknowledgement now. Mail the loop guard or the
/// threading decision marked "do not answer" never does, and no address gets more than
/// <see cref="AcknowledgementRateLimit.Default"/> an hour, whichever channel asked for them: the last
/// defence against a loop with an auto-responder the guard did not recognise, and what keeps the web
/// form (where anyone may type anyone's address) from mailing a stranger from our domain more than that.
/// The times are stored (<see cref="IAcknowledgementTimes"/>), so the cap holds across instances.
/// </summary>
public sealed class AcknowledgementGate(ITicketStore store, IAcknowledgementTimes times, TimeProvider time)
{
    private const int MaxAttempts = 5;

    public AcknowledgementRateLimit Limit { get; init; } = AcknowledgementRateLimit.Default;

    /// <summary>Null when the acknowledgement may go out (and its time is then counted); otherwise why not.</summary>
    public async Task<string?> RefusalAsync(Ticket ticket, Inquiry? inquiry, CancellationToken cancellationToken)
    {
        if (ticket.Requester.Email is not { } address)
        {
            return null;
        }

        if (ticket.Channel == Channel.Email)
        {
            inquiry ??= await store.GetInquiryAsync(ticket.Reference, cancellationToken);
            if (inquiry?.Attributes.GetValueOrDefault(EmailInquiry.Keys.NoAcknowledgement) is { Length: > 0 } why)
            {
                return why;
            }
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var previous = await times.GetAsync(address, cancellationToken);
            if (!Limit.Allows(previous.Times, now))
            {
                return $"rate limit: {Limit.MaxPerWindow} acknowledgements to this address within {Limit.Window.TotalMinutes:0} minutes";
            }

            if (await times.TrySaveAsync(previous, [.. Limit.Retained(previous.Times, now), now], cancellationToken))
            {
                return null;
            }
        }

        throw new ConcurrencyConflictException(ticket.Reference);
    }
}
