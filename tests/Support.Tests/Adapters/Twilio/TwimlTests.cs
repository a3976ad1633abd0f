using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Support.Adapters.Twilio;
using Support.Core.Calendars;
using Support.Core.Mail;
using Support.Core.Voice;
using Support.Web.Voice;
using Xunit;

using Support.Tests.Fakes;

namespace Support.Tests.Adapters.Twilio;

public sealed class TwimlTests
{
    [Fact]
    public void Dynamic_text_is_escaped_and_the_document_stays_valid()
    {
        var xml = TwilioTwiml.Render(CallScript.Of(
            new Say("Tom & Jerry <support> \"24/7\" isn't </Say><Hangup/>", "Polly.Amy", "en-GB"),
            new Redirect("https://x.example/a?b=1&c=2")));

        var root = XDocument.Parse(xml).Root!;
        var say = Assert.Single(root.Elements("Say"));
        Assert.Equal("Tom & Jerry <support> \"24/7\" isn't </Say><Hangup/>", say.Value);
        Assert.Empty(root.Elements("Hangup"));
        Assert.Equal("https://x.example/a?b=1&c=2", root.Element("Redirect")!.Value);
        Assert.Contains("&amp;", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_text_do_not_break_the_document()
    {
        var root = XDocument.Parse(TwilioTwiml.Render(CallScript.Of(new Say("line\u0001break\u000b")))).Root!;
        Assert.Equal("line break ", root.Element("Say")!.Value);
    }

    [Fact]
    public void An_empty_response_is_valid() =>
        Assert.Empty(XDocument.Parse(TwilioTwiml.Render(CallScript.Empty)).Root!.Elements());

    [Fact]
    public void A_greeting_with_markup_characters_from_the_policy_is_escaped_in_every_script()
    {
        var region = RegionPolicy.LoadEmbedded().Default with
        {
            Greeting = "Hello <&> \"there\"",
            Goodbye = "Bye <&>",
            WhisperPrompt = "Press 1 <&>",
        };
        var scripts = new CallScripts(new VoiceLinks(Options.Create(new SiteOptions { PublicBaseUrl = "https://s.example" })), Options.Create(new VoiceOptions()));

        var connect = XDocument.Parse(TwilioTwiml.Render(scripts.ConnectTo(region, "amy", "+442079460123", "+442079460100"))).Root!;
        Assert.Equal("Hello <&> \"there\"", connect.Element("Say")!.Value);
        Assert.Equal("Bye <&>", XDocument.Parse(TwilioTwiml.Render(scripts.Goodbye(region))).Root!.Element("Say")!.Value);
        Assert.Equal("Press 1 <&>", XDocument.Parse(TwilioTwiml.Render(scripts.WhisperPrompt(region))).Root!.Element("Gather")!.Element("Say")!.Value);
    }

    [Fact]
    public void Dial_carries_caller_id_timeout_action_and_whisper()
    {
        var scripts = new CallScripts(
            new VoiceLinks(Options.Create(new SiteOptions { PublicBaseUrl = "https://s.example/" })),
            Options.Create(new VoiceOptions { RingTimeoutSeconds = 25 }));
        var region = RegionPolicy.LoadEmbedded().ForNumber("+442079460101");

        var root = XDocument.Parse(TwilioTwiml.Render(scripts.ConnectTo(region, "amy", "+442079460123", "+442079460101"))).Root!;

        var say = root.Element("Say")!;
        Assert.Equal("Polly.Amy", (string?)say.Attribute("voice"));
        Assert.Equal("en-GB", (string?)say.Attribute("language"));
        var dial = root.Element("Dial")!;
        Assert.Equal("+442079460101", (string?)dial.Attribute("callerId"));
        Assert.Equal("25", (string?)dial.Attribute("timeout"));
        Assert.Equal("https://s.example/api/voice/dial-status?person=amy&region=uk", (string?)dial.Attribute("action"));
        Assert.Equal("POST", (string?)dial.Attribute("method"));
        var number = dial.Element("Number")!;
        Assert.Equal("+442079460123", number.Value);
        Assert.Equal("https://s.example/api/voice/whisper?region=uk", (string?)number.Attribute("url"));
    }

    [Fact]
    public void Voicemail_records_two_minutes_with_transcription_and_both_callbacks()
    {
        var scripts = new CallScripts(new VoiceLinks(Options.Create(new SiteOptions { PublicBaseUrl = "https://s.example" })), Options.Create(new VoiceOptions()));
        var region = RegionPolicy.LoadEmbedded().Default;

        var root = XDocument.Parse(TwilioTwiml.Render(scripts.Voicemail(region, region.OutOfHoursGreeting))).Root!;

        Assert.Equal(["Say", "Record", "Say", "Hangup"], root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(region.OutOfHoursGreeting, root.Elements("Say").First().Value);
        var record = root.Element("Record")!;
        Assert.Equal("120", (string?)record.Attribute("maxLength"));
        Assert.Equal("true", (string?)record.Attribute("transcribe"));
        Assert.Equal("https://s.example/api/voice/transcription?region=uk", (string?)record.Attribute("transcribeCallback"));
        Assert.Equal("https://s.example/api/voice/recording?region=uk", (string?)record.Attribute("recordingStatusCallback"));
        Assert.Equal("https://s.example/api/voice/voicemail-done?region=uk", (string?)record.Attribute("action"));
        Assert.Equal("#", (string?)record.Attribute("finishOnKey"));
        Assert.Equal("true", (string?)record.Attribute("playBeep"));
        Assert.Equal(region.Goodbye, root.Elements("Say").Last().Value);
    }

    [Fact]
    public void Whisper_gathers_one_digit_then_hangs_up()
    {
        var scripts = new CallScripts(new VoiceLinks(Options.Create(new SiteOptions { PublicBaseUrl = "https://s.example" })), Options.Create(new VoiceOptions()));
        var root = XDocument.Parse(TwilioTwiml.Render(scripts.WhisperPrompt(RegionPolicy.LoadEmbedded().Default))).Root!;

        var gather = root.Element("Gather")!;
        Assert.Equal("1", (string?)gather.Attribute("numDigits"));
        Assert.Equal("https://s.example/api/voice/whisper?region=uk", (string?)gather.Attribute("action"));
        Assert.NotNull(gather.Element("Say"));
        Assert.Equal("Hangup", root.Elements().Last().Name.LocalName);
    }
}
