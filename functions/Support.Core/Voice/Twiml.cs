using System.Globalization;
using System.Text;
using System.Xml;

namespace Support.Core.Voice;

/// <summary>The TwiML verbs the voice channel uses; rendered by <see cref="Twiml.Render"/>.</summary>
public abstract record TwimlVerb;

public sealed record Say(string Text, string? Voice = null, string? Language = null) : TwimlVerb;

/// <summary>Dials one number; <see cref="WhisperUrl"/> runs on the callee's leg before the two are connected.</summary>
public sealed record Dial(
    string Number,
    string? CallerId,
    int TimeoutSeconds,
    string Action,
    string? WhisperUrl) : TwimlVerb;

public sealed record Record(
    int MaxLengthSeconds,
    string Action,
    string TranscribeCallback,
    string RecordingStatusCallback,
    string FinishOnKey,
    bool PlayBeep) : TwimlVerb;

public sealed record Gather(int NumDigits, string Action, int TimeoutSeconds, IReadOnlyList<Say> Prompt) : TwimlVerb;

public sealed record Hangup : TwimlVerb;

public sealed record Redirect(string Url) : TwimlVerb;

/// <summary>
/// Writes TwiML documents. Everything goes through <see cref="XmlWriter"/>, so greetings from the
/// policy file and values from the request are escaped and can never change the document's shape.
/// </summary>
public static class Twiml
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        CheckCharacters = true,
    };

    public static string Render(params IEnumerable<TwimlVerb> verbs)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(new Utf8StringWriter(builder), Settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("Response");
            foreach (var verb in verbs)
            {
                Write(writer, verb);
            }

            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return builder.ToString();
    }

    private static void Write(XmlWriter writer, TwimlVerb verb)
    {
        switch (verb)
        {
            case Say say:
                writer.WriteStartElement("Say");
                Attribute(writer, "voice", say.Voice);
                Attribute(writer, "language", say.Language);
                writer.WriteString(XmlSafe(say.Text));
                writer.WriteEndElement();
                break;

            case Dial dial:
                writer.WriteStartElement("Dial");
                Attribute(writer, "callerId", dial.CallerId);
                Attribute(writer, "timeout", dial.TimeoutSeconds);
                Attribute(writer, "action", dial.Action);
                Attribute(writer, "method", "POST");

                // The caller keeps hearing ringing while the whisper plays to the callee.
                Attribute(writer, "answerOnBridge", "true");
                writer.WriteStartElement("Number");
                Attribute(writer, "url", dial.WhisperUrl);
                Attribute(writer, "method", dial.WhisperUrl is null ? null : "POST");
                writer.WriteString(dial.Number);
                writer.WriteEndElement();
                writer.WriteEndElement();
                break;

            case Record record:
                writer.WriteStartElement("Record");
                Attribute(writer, "action", record.Action);
                Attribute(writer, "method", "POST");
                Attribute(writer, "maxLength", record.MaxLengthSeconds);
                Attribute(writer, "finishOnKey", record.FinishOnKey);
                Attribute(writer, "playBeep", record.PlayBeep ? "true" : "false");
                Attribute(writer, "transcribe", "true");
                Attribute(writer, "transcribeCallback", record.TranscribeCallback);
                Attribute(writer, "recordingStatusCallback", record.RecordingStatusCallback);
                Attribute(writer, "recordingStatusCallbackMethod", "POST");
                writer.WriteEndElement();
                break;

            case Gather gather:
                writer.WriteStartElement("Gather");
                Attribute(writer, "input", "dtmf");
                Attribute(writer, "numDigits", gather.NumDigits);
                Attribute(writer, "timeout", gather.TimeoutSeconds);
                Attribute(writer, "action", gather.Action);
                Attribute(writer, "method", "POST");
                foreach (var say in gather.Prompt)
                {
                    Write(writer, say);
                }

                writer.WriteEndElement();
                break;

            case Hangup:
                writer.WriteStartElement("Hangup");
                writer.WriteEndElement();
                break;

            case Redirect redirect:
                writer.WriteStartElement("Redirect");
                Attribute(writer, "method", "POST");
                writer.WriteString(redirect.Url);
                writer.WriteEndElement();
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(verb), verb.GetType().Name, "Unknown TwiML verb.");
        }
    }

    private static void Attribute(XmlWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteAttributeString(name, XmlSafe(value));
        }
    }

    private static void Attribute(XmlWriter writer, string name, int value) =>
        writer.WriteAttributeString(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// XML 1.0 cannot carry most control characters even escaped; a stray one in a policy text
    /// would otherwise make the writer throw mid-call, so it becomes a space.
    /// </summary>
    private static string XmlSafe(string text)
    {
        foreach (var c in text)
        {
            if (!XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            {
                return string.Concat(text.Select(ch => XmlConvert.IsXmlChar(ch) || char.IsSurrogate(ch) ? ch : ' '));
            }
        }

        return text;
    }

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
