using System.Globalization;
using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Core.Email;

/// <summary>
/// Whether a ticket's requester may get the acknowledgement now. Mail the loop guard or the
/// threading decision marked "do not answer" never does, and no address gets more than
/// <see cref="AcknowledgementRateLimit.Default"/> an hour, whichever channel asked for them: the last
/// defence against a loop with an auto-responder the guard did not recognise, and what keeps the web
/// form (where anyone may type anyone's address) from mailing a stranger from our domain more than that.
/// The count is stored (<see cref="IAcknowledgementTimes"/>), so the cap holds across instances: the window's
/// slots are taken in order, so the usual acknowledgement (an address's first in the hour) is one insert.
/// </summary>
public sealed class AcknowledgementGate(ITicketStore store, IAcknowledgementTimes times, TimeProvider time)
{
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

        var window = Limit.WindowOf(time.GetUtcNow());
        for (var slot = 0; slot < Limit.MaxPerWindow; slot++)
        {
            if (await times.TryClaimAsync(address, window, slot, cancellationToken))
            {
                return null;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"rate limit: {Limit.MaxPerWindow} acknowledgements to this address in the {Limit.Window.TotalMinutes:0} minutes from {window:HH:mm} UTC");
    }
}
