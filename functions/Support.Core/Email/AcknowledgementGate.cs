using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Core.Email;

/// <summary>
/// Whether a ticket's requester may get the acknowledgement now. Mail the loop guard or the
/// threading decision marked "do not answer" never does, and no address gets more than
/// <see cref="AcknowledgementRateLimit.Default"/> an hour: the last defence against a loop with an
/// auto-responder the guard did not recognise. Only email tickets are throttled: the loop risk is
/// mail answering mail, and the web form has its own per-IP limit.
/// </summary>
public sealed class AcknowledgementGate(ITicketStore store, IAcknowledgementTimes times, TimeProvider time)
{
    private const int MaxAttempts = 5;

    public AcknowledgementRateLimit Limit { get; init; } = AcknowledgementRateLimit.Default;

    /// <summary>Null when the acknowledgement may go out (and its time is then counted); otherwise why not.</summary>
    public async Task<string?> RefusalAsync(Ticket ticket, Inquiry? inquiry, CancellationToken cancellationToken)
    {
        if (ticket.Channel != Channel.Email || ticket.Requester.Email is not { } address)
        {
            return null;
        }

        inquiry ??= await store.GetInquiryAsync(ticket.Reference, cancellationToken);
        if (inquiry?.Attributes.GetValueOrDefault(EmailInquiry.Keys.NoAcknowledgement) is { Length: > 0 } why)
        {
            return why;
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
