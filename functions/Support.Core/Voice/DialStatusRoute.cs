using System.Globalization;
using Microsoft.Extensions.Logging;
using Support.Core.Calendars;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Ports;

namespace Support.Core.Voice;

/// <summary>
/// The <c>Dial</c> action: an answered call is logged as a ticket for the person who took it and
/// the line is closed; any other outcome sends the caller to voicemail.
/// </summary>
public sealed class DialStatusRoute(
    RegionPolicy regions,
    CallScripts scripts,
    CallerLookup callers,
    InquiryIntake intake,
    IRosterStore rosters,
    ILogger<DialStatusRoute> logger) : IVoiceRoute
{
    /// <summary>The inquiry attribute naming the person who answered; the assignment step gives them the ticket.</summary>
    public const string AnsweredByAttribute = "answeredBy";

    public VoiceHook Hook => VoiceHook.DialStatus;

    public async Task<VoiceReply> HandleAsync(VoiceRequest request, CancellationToken cancellationToken)
    {
        var region = request.Region is { } name ? regions.ForName(name) : regions.ForNumber(request.To);
        var callSid = request.CallSid;
        var status = request.DialCallStatus;
        if (!TwilioSid.IsValid(callSid, "CA") || status is null)
        {
            logger.LogWarning("Dial status without a valid CallSid or DialCallStatus; sending the caller to voicemail");
            return VoiceReply.Run(scripts.Voicemail(region, region.Apology));
        }

        if (status is not ("completed" or "answered"))
        {
            logger.LogInformation("{CallSid} not taken ({Status}): voicemail", callSid, status);
            return VoiceReply.Run(scripts.Voicemail(region, region.NoAnswerMessage));
        }

        // The whisper runs on a leg that is already answered, so a person who does not press 1 (or
        // their personal voicemail picking up) still ends the dial as "completed"; only DialBridged
        // tells whether the caller was ever connected. Absent, it is taken as connected.
        if (string.Equals(request.DialBridged, "false", StringComparison.OrdinalIgnoreCase))
        {
            logger.LogInformation("{CallSid} picked up but not accepted in the whisper: voicemail", callSid);
            return VoiceReply.Run(scripts.Voicemail(region, region.NoAnswerMessage));
        }

        try
        {
            var reference = await LogCallAsync(request, callSid!, region, cancellationToken);
            logger.LogInformation("{CallSid} answered; logged as {Reference}", callSid, reference);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The conversation has happened; the caller only needs the line closed cleanly.
            logger.LogError(ex, "{CallSid} was answered but could not be logged as a ticket", callSid);
        }

        return VoiceReply.Run(CallScripts.Hangup());
    }

    private async Task<string> LogCallAsync(VoiceRequest request, string callSid, VoiceRegion region, CancellationToken cancellationToken)
    {
        var requester = await callers.FindAsync(request.From, region, cancellationToken);
        var personId = request.Person;
        var person = personId is null ? null : (await rosters.GetAsync(cancellationToken)).Find(personId);
        var duration = int.TryParse(request.DialCallDuration, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : (int?)null;
        var caller = requester.Phone is null && requester.Name is null ? "an unknown caller" : requester.Display;

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["callSid"] = callSid,
            ["direction"] = TextNormalizer.SingleLine(request.Direction ?? "inbound", 40),
            ["region"] = region.Name,
        };
        if (duration is not null)
        {
            attributes["duration"] = duration.Value.ToString(CultureInfo.InvariantCulture);
        }

        if (person is not null)
        {
            attributes[AnsweredByAttribute] = person.Id;
        }

        if (request.To is { } to)
        {
            attributes["calledNumber"] = TextNormalizer.SingleLine(to, 40);
        }

        var body = $"{person?.Name ?? "The person on duty"} answered a call from {caller} on the {region.Name} line"
            + (duration is null ? "." : $", {duration} s.")
            + "\nAdd what was discussed to this ticket.";

        var result = await intake.AcceptAsync(new InquirySubmission
        {
            Channel = Channel.Voice,
            Requester = requester,
            Subject = TextNormalizer.SingleLine($"Phone call from {caller}", 200),
            Body = body,
            DedupeKey = "voice:call:" + callSid,
            Region = region.Name,
            Attributes = attributes,
        }, cancellationToken);
        return result.Reference;
    }
}
