using Microsoft.Extensions.Logging;
using Support.Core.Calendars;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Ports;
using Support.Core.Privacy;

namespace Support.Core.Voice;

/// <summary>Turns Twilio's <c>From</c> into a requester: E.164 when it is a real number, the known requester when there is one.</summary>
public sealed class CallerLookup(IRequesterDirectory directory, ILogger<CallerLookup> logger)
{
    public async Task<Requester> FindAsync(string? from, VoiceRegion region, CancellationToken cancellationToken)
    {
        // Withheld numbers arrive as "anonymous" or a made-up digit string; those are nobody.
        var phone = ContactValidation.NormalizePhone(from, region.PhoneRegion);
        if (phone is null)
        {
            return new Requester(null, null, null);
        }

        try
        {
            var known = await directory.FindByPhoneAsync(phone, cancellationToken);
            if (known is not null)
            {
                return known with { Phone = phone };
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The call still becomes a ticket with the caller's number; matching can be done by hand.
            logger.LogWarning(ex, "Requester lookup for {Phone} failed", Redact.Phone(phone));
        }

        return new Requester(null, null, phone);
    }
}
