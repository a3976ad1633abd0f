using System.Xml;
using System.Xml.Linq;
using Support.Core.Ports;
using Support.Core.Voice;
using Twilio.TwiML;
using Twilio.TwiML.Voice;
using Twilio.Types;
using TwilioHttpMethod = Twilio.Http.HttpMethod;

namespace Support.Adapters.Twilio;

/// <summary>
/// Writes a <see cref="CallScript"/> as TwiML with Twilio's own <see cref="VoiceResponse"/>, so the
/// documents follow Twilio's schema as the library does. Text from the region policy and values
/// from the request are escaped by the library's XML writer and never change the document's shape.
/// </summary>
public sealed class TwilioTwiml : ICallScriptWriter
{
    public const string ContentType = "application/xml; charset=utf-8";

    string ICallScriptWriter.ContentType => ContentType;

    public string Write(CallScript script) => Render(script);

    public static string Render(CallScript script)
    {
        var response = new VoiceResponse();
        foreach (var verb in script.Verbs)
        {
            response.Append(Element(verb));
        }

        return response.ToString(SaveOptions.DisableFormatting);
    }

    private static TwiML Element(TwimlVerb verb) => verb switch
    {
        Core.Voice.Say say => Say(say),
        Core.Voice.Dial dial => new global::Twilio.TwiML.Voice.Dial(
                callerId: dial.CallerId,
                timeout: dial.TimeoutSeconds,
                action: new Uri(dial.Action),
                method: TwilioHttpMethod.Post,

                // The caller keeps hearing ringing while the whisper plays to the callee.
                answerOnBridge: true)
            .Number(
                new PhoneNumber(dial.Number),
                url: dial.WhisperUrl is null ? null : new Uri(dial.WhisperUrl),
                method: dial.WhisperUrl is null ? null : TwilioHttpMethod.Post),
        Core.Voice.Record record => new global::Twilio.TwiML.Voice.Record(
            action: new Uri(record.Action),
            method: TwilioHttpMethod.Post,
            maxLength: record.MaxLengthSeconds,
            finishOnKey: record.FinishOnKey,
            playBeep: record.PlayBeep,
            transcribe: true,
            transcribeCallback: new Uri(record.TranscribeCallback),
            recordingStatusCallback: new Uri(record.RecordingStatusCallback),
            recordingStatusCallbackMethod: TwilioHttpMethod.Post),
        Core.Voice.Gather gather => gather.Prompt.Aggregate(
            new global::Twilio.TwiML.Voice.Gather(
                input: [global::Twilio.TwiML.Voice.Gather.InputEnum.Dtmf],
                numDigits: gather.NumDigits,
                timeout: gather.TimeoutSeconds,
                action: new Uri(gather.Action),
                method: TwilioHttpMethod.Post),
            (element, say) => element.Append(Say(say))),
        Core.Voice.Hangup => new global::Twilio.TwiML.Voice.Hangup(),
        Core.Voice.Redirect redirect => new global::Twilio.TwiML.Voice.Redirect(new Uri(redirect.Url), TwilioHttpMethod.Post),
        _ => throw new ArgumentOutOfRangeException(nameof(verb), verb.GetType().Name, "Unknown TwiML verb."),
    };

    private static global::Twilio.TwiML.Voice.Say Say(Core.Voice.Say say) => new(
        XmlSafe(say.Text),
        voice: say.Voice is null ? null : (global::Twilio.TwiML.Voice.Say.VoiceEnum)say.Voice,
        language: say.Language is null ? null : (global::Twilio.TwiML.Voice.Say.LanguageEnum)say.Language);

    /// <summary>
    /// XML 1.0 cannot carry most control characters even escaped; a stray one in a policy text
    /// would otherwise make the writer throw mid-call, so it becomes a space.
    /// </summary>
    private static string XmlSafe(string text) =>
        text.All(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))
            ? text
            : string.Concat(text.Select(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : ' '));
}
