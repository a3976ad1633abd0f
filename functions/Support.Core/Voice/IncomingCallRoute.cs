using Microsoft.Extensions.Logging;
using PhoneNumbers;
using Support.Core.Calendars;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Privacy;
using Support.Core.Roster;

namespace Support.Core.Voice;

/// <summary>
/// A call to one of our numbers: put it through to the first-level person on duty in business
/// hours, otherwise voicemail. Always answers TwiML, so a caller never hears Twilio's error message.
/// </summary>
public sealed class IncomingCallRoute(
    RegionPolicy regions,
    CallScripts scripts,
    IRosterStore rosters,
    TimeProvider time,
    ILogger<IncomingCallRoute> logger) : IVoiceRoute
{
    public VoiceHook Hook => VoiceHook.Incoming;

    public async Task<VoiceReply> HandleAsync(VoiceRequest request, CancellationToken cancellationToken)
    {
        var to = request.To;
        var region = regions.ForNumber(to);
        var callSid = request.CallSid;
        if (!TwilioSid.IsValid(callSid, "CA") || request.From is null || to is null)
        {
            logger.LogWarning("Incoming call without a valid CallSid, From or To; sending it to voicemail");
            return VoiceReply.Run(scripts.Voicemail(region, region.Apology));
        }

        var now = time.GetUtcNow();
        if (!region.IsOpenAt(now))
        {
            logger.LogInformation("{CallSid} on the {Region} line out of hours: voicemail", callSid, region.Name);
            return VoiceReply.Run(scripts.Voicemail(region, region.OutOfHoursGreeting));
        }

        Person? person;
        try
        {
            person = OnDuty.For(await rosters.GetAsync(cancellationToken), SupportRole.FirstLevel, now);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{CallSid}: the roster could not be read; voicemail instead", callSid);
            return VoiceReply.Run(scripts.Voicemail(region, region.Apology));
        }

        var phone = Dialable(person?.Phone, region.PhoneRegion);
        if (person is null || phone is null)
        {
            logger.LogWarning("{CallSid}: no first-level person with a phone is on duty; voicemail", callSid);
            return VoiceReply.Run(scripts.Voicemail(region, region.NoAnswerMessage));
        }

        logger.LogInformation("{CallSid} on the {Region} line put through to {Person} at {Phone}", callSid, region.Name, person.Id, Redact.Phone(phone));
        return VoiceReply.Run(scripts.ConnectTo(region, person.Id, phone, to));
    }

    /// <summary>
    /// The number to dial for the person on duty, in E.164. It only has to be a possible number:
    /// the roster validator already checked its form, and libphonenumber's list of allocated
    /// ranges lags new ones (and leaves out reserved ranges such as 07700 900xxx), so a strict
    /// check would silently send every call to voicemail.
    /// </summary>
    private static string? Dialable(string? phone, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var util = PhoneNumberUtil.GetInstance();
        try
        {
            var number = util.Parse(phone, defaultRegion);
            return util.IsPossibleNumber(number) ? util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
