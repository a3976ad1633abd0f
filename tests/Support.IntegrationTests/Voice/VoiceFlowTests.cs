using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Azure.Data.Tables;
using Support.Adapters.Storage;
using Support.Core.Voice;
using Xunit;

namespace Support.IntegrationTests.Voice;

/// <summary>Whole calls as Twilio makes them, signed, through the local host on real Azurite.</summary>
public sealed class VoiceFlowTests(VoiceHostFixture env) : IClassFixture<VoiceHostFixture>
{
    private readonly Twilio _twilio = new(env.Host.CreateClient());
    private readonly HttpClient _staff = env.Host.CreateStaffClient();

    [Fact]
    public async Task A_call_answered_in_hours_becomes_a_ticket_assigned_to_the_person_who_took_it()
    {
        var (callSid, caller) = (Twilio.NewCallSid(), Twilio.NewCaller());
        var call = Call(callSid, caller, Twilio.UkLine);

        var incoming = await _twilio.TwimlAsync("/api/voice/incoming", call);

        var dial = incoming.Element("Dial")!;
        Assert.Equal(Twilio.UkLine, dial.Attribute("callerId")!.Value);
        Assert.Equal("20", dial.Attribute("timeout")!.Value);
        var number = dial.Element("Number")!;
        Assert.Equal(Twilio.AmirasPhone, number.Value);

        // Amira's phone: the whisper asks her to press 1, and she does.
        var whisper = await _twilio.TwimlAsync(number.Attribute("url")!.Value, ("CallSid", Twilio.NewCallSid()), ("ParentCallSid", callSid));
        var gather = whisper.Element("Gather")!;
        Assert.Equal("1", gather.Attribute("numDigits")!.Value);
        Assert.Empty((await _twilio.TwimlAsync(gather.Attribute("action")!.Value, ("CallSid", Twilio.NewCallSid()), ("Digits", "1"))).Elements());

        var after = await _twilio.TwimlAsync(
            dial.Attribute("action")!.Value,
            [.. call, ("DialCallStatus", "completed"), ("DialBridged", "true"), ("DialCallDuration", "95"), ("DialCallSid", Twilio.NewCallSid())]);

        Assert.Equal(["Hangup"], after.Elements().Select(e => e.Name.LocalName));
        var ticket = await AssignedTicketAsync(caller);
        Assert.Equal("amira", ticket["assignee"]!.GetValue<string>());
        Assert.Equal(caller, ticket["requester"]!["phone"]!.GetValue<string>());
        Assert.Equal("uk", ticket["region"]!.GetValue<string>());
        var inquiry = await InquiryAsync(ticket);
        Assert.Contains("Amira Okafor answered a call", inquiry.Body, StringComparison.Ordinal);
        Assert.Contains("95 s", inquiry.Body, StringComparison.Ordinal);
        Assert.Equal(callSid, inquiry.Attributes["callSid"]);

        // Staff read the call as the ticket's first message: who called, which line, how long, who answered.
        var first = (await Api.TicketAsync(_staff, ticket["reference"]!.GetValue<string>()))!["messages"]![0]!;
        Assert.Equal("in", first["direction"]!.GetValue<string>());
        Assert.Equal("voice", first["channel"]!.GetValue<string>());
        Assert.Equal(caller, first["call"]!["caller"]!.GetValue<string>());
        Assert.Equal(Twilio.UkLine, first["call"]!["number"]!.GetValue<string>());
        Assert.Equal(95, first["call"]!["durationSeconds"]!.GetValue<int>());
        Assert.Equal("Amira Okafor", first["call"]!["answeredBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unanswered_call_goes_to_voicemail_and_becomes_one_assigned_ticket_with_the_transcription()
    {
        var (callSid, caller) = (Twilio.NewCallSid(), Twilio.NewCaller());
        var call = Call(callSid, caller, Twilio.UkLine);
        var dial = (await _twilio.TwimlAsync("/api/voice/incoming", call)).Element("Dial")!;

        var voicemail = await _twilio.TwimlAsync(dial.Attribute("action")!.Value, [.. call, ("DialCallStatus", "no-answer")]);

        var record = voicemail.Element("Record")!;
        Assert.Equal("120", record.Attribute("maxLength")!.Value);
        Assert.Equal("true", record.Attribute("transcribe")!.Value);
        Assert.Equal("#", record.Attribute("finishOnKey")!.Value);
        Assert.Contains("nobody could take your call", voicemail.Element("Say")!.Value, StringComparison.Ordinal);

        var done = await _twilio.TwimlAsync(record.Attribute("action")!.Value, [.. call, ("RecordingUrl", RecordingUrl(callSid))]);
        Assert.Contains("Goodbye", done.Element("Say")!.Value, StringComparison.Ordinal);
        Assert.Empty((await _twilio.TwimlAsync(record.Attribute("recordingStatusCallback")!.Value, RecordingCallback(callSid))).Elements());
        Assert.Empty((await _twilio.TwimlAsync(record.Attribute("transcribeCallback")!.Value, TranscriptionCallback(callSid, caller, "Hello, my invoice is wrong, please call me back."))).Elements());

        var ticket = await AssignedTicketAsync(caller);
        Assert.False(string.IsNullOrEmpty(ticket["assignee"]?.GetValue<string>()));
        var inquiry = await InquiryAsync(ticket);
        Assert.Contains("Hello, my invoice is wrong, please call me back.", inquiry.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(RecordingUrl(callSid), inquiry.Body, StringComparison.Ordinal);
        Assert.Equal("completed", inquiry.Attributes["transcriptionStatus"]);
        var first = (await Api.TicketAsync(_staff, ticket["reference"]!.GetValue<string>()))!["messages"]![0]!;
        Assert.Equal("Hello, my invoice is wrong, please call me back.", first["text"]!.GetValue<string>());
        Assert.Equal("Hello, my invoice is wrong, please call me back.", first["transcription"]!.GetValue<string>());
        Assert.True(first["call"]!["voicemail"]!.GetValue<bool>());
        await AssertOneTicketAsync(caller);
        await AssertSettledAsync(callSid);
    }

    [Fact]
    public async Task A_voicemail_recording_is_copied_from_Twilio_once_after_its_404_and_staff_download_it_from_our_route()
    {
        var (callSid, caller) = (Twilio.NewCallSid(), Twilio.NewCaller());
        var recordingSid = "RE" + callSid[2..];
        await _twilio.TwimlAsync("/api/voice/recording?region=uk", RecordingCallback(callSid));
        await _twilio.TwimlAsync("/api/voice/transcription?region=uk", TranscriptionCallback(callSid, caller, "Please call me about my refund."));
        var reference = Reference(await AssignedTicketAsync(caller));

        // Twilio answers 404 the first time; the sweep asks again on its next run and keeps the copy.
        var withAudio = await Api.TicketWithEventAsync(_staff, reference, VoiceTimelineEvents.VoicemailAudio);
        Assert.Equal(2, env.Media.TimesAsked(recordingSid));
        var recording = withAudio["messages"]![0]!["recording"]!;
        var url = recording["url"]!.GetValue<string>();
        Assert.Equal($"/api/tickets/{reference}/recording", url);
        Assert.Equal(14, recording["durationSeconds"]!.GetValue<int>());
        Assert.DoesNotContain("api.twilio.com", withAudio.ToJsonString(), StringComparison.Ordinal);

        using var download = await _staff.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(TwilioMediaHost.Mp3(recordingSid), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("audio/mpeg", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"{reference} voicemail.mp3", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        // Settled: no later sweep asks Twilio again.
        await AssertSettledAsync(callSid);
        await Task.Delay(2500);
        Assert.Equal(2, env.Media.TimesAsked(recordingSid));
        using var anonymous = env.Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_call_picked_up_but_declined_in_the_whisper_goes_to_voicemail_not_to_a_ticket()
    {
        var (callSid, caller) = (Twilio.NewCallSid(), Twilio.NewCaller());
        var call = Call(callSid, caller, Twilio.UkLine);
        var dial = (await _twilio.TwimlAsync("/api/voice/incoming", call)).Element("Dial")!;
        var gather = (await _twilio.TwimlAsync(dial.Element("Number")!.Attribute("url")!.Value, ("CallSid", Twilio.NewCallSid()))).Element("Gather")!;

        // Amira's personal voicemail answered: it presses nothing, or a tone reads as another digit.
        var declined = await _twilio.TwimlAsync(gather.Attribute("action")!.Value, ("CallSid", Twilio.NewCallSid()), ("Digits", "7"));
        var after = await _twilio.TwimlAsync(dial.Attribute("action")!.Value, [.. call, ("DialCallStatus", "completed"), ("DialBridged", "false"), ("DialCallDuration", "9")]);

        Assert.Equal(["Hangup"], declined.Elements().Select(e => e.Name.LocalName));
        Assert.NotNull(after.Element("Record"));
        await Task.Delay(1000);
        Assert.Empty(await _twilio.TicketsOfAsync(_staff, caller));
    }

    [Fact]
    public async Task A_call_out_of_hours_goes_straight_to_voicemail()
    {
        var (callSid, caller) = (Twilio.NewCallSid(), Twilio.NewCaller());

        var twiml = await _twilio.TwimlAsync("/api/voice/incoming", Call(callSid, caller, Twilio.UsLine));

        Assert.Null(twiml.Element("Dial"));
        Assert.Equal(["Say", "Record", "Say", "Hangup"], twiml.Elements().Select(e => e.Name.LocalName));
        Assert.Contains("We are closed right now", twiml.Element("Say")!.Value, StringComparison.Ordinal);
        Assert.Equal("en-US", twiml.Element("Say")!.Attribute("language")!.Value);
        var record = twiml.Element("Record")!;
        Assert.Contains("region=us", record.Attribute("recordingStatusCallback")!.Value, StringComparison.Ordinal);

        await _twilio.TwimlAsync(record.Attribute("transcribeCallback")!.Value, [.. TranscriptionCallback(callSid, caller, "Out of hours message."), ("To", Twilio.UsLine)]);
        var ticket = await AssignedTicketAsync(caller);
        Assert.Equal("us", ticket["region"]!.GetValue<string>());
    }

    [Fact]
    public async Task Callbacks_repeated_and_in_reverse_order_still_make_exactly_one_ticket_with_both_parts()
    {
        var (callSid, caller) = (Twilio.NewCallSid(), Twilio.NewCaller());
        var transcription = TranscriptionCallback(callSid, caller, "Second time calling about the outage.");
        var recording = RecordingCallback(callSid);

        await _twilio.TwimlAsync("/api/voice/transcription?region=uk", transcription);
        await Task.WhenAll(
            _twilio.TwimlAsync("/api/voice/transcription?region=uk", transcription),
            _twilio.TwimlAsync("/api/voice/recording?region=uk", recording),
            _twilio.TwimlAsync("/api/voice/recording?region=uk", recording));
        await _twilio.TwimlAsync("/api/voice/transcription?region=uk", transcription);

        // The ticket opened with the transcription; the recording joins it once triage has opened it.
        var ticket = await AssignedTicketAsync(caller);
        var withRecording = await Api.TicketWithEventAsync(_staff, Reference(ticket), VoiceTimelineEvents.VoicemailRecording);
        var events = withRecording["timeline"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(1, events.Count(t => t == VoiceTimelineEvents.VoicemailRecording));
        Assert.Equal(0, events.Count(t => t == VoiceTimelineEvents.VoicemailTranscription));
        Assert.Contains("Second time calling about the outage.", (await InquiryAsync(ticket)).Body, StringComparison.Ordinal);
        await AssertOneTicketAsync(caller);
        await AssertSettledAsync(callSid);
    }

    [Fact]
    public async Task A_caller_known_from_the_web_form_is_matched_by_phone()
    {
        var (callSid, caller) = (Twilio.NewCallSid(), Twilio.NewCaller());
        var email = Api.UniqueEmail("caller");
        var web = await Api.PostWebAsync(env.Host.CreateClient(), new { name = "Rose Tyler", email, phone = caller, subject = "Export fails", message = "The CSV export times out." });
        await Api.TicketWithEventAsync(_staff, await Api.ReferenceOf(web), "assigned");

        await _twilio.TwimlAsync("/api/voice/recording?region=uk", RecordingCallback(callSid));
        await _twilio.TwimlAsync("/api/voice/transcription?region=uk", TranscriptionCallback(callSid, caller, "About my export ticket."));

        var ticket = await AssignedTicketAsync(caller);
        Assert.Equal(email, ticket["requester"]!["email"]!.GetValue<string>());
        Assert.Equal("Rose Tyler", ticket["requester"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_transcription_opens_the_ticket_saying_there_is_no_transcription()
    {
        var (callSid, caller) = (Twilio.NewCallSid(), Twilio.NewCaller());

        await _twilio.TwimlAsync("/api/voice/recording?region=uk", RecordingCallback(callSid));
        await _twilio.TwimlAsync("/api/voice/transcription?region=uk", ("CallSid", callSid), ("TranscriptionStatus", "failed"), ("From", caller), ("To", Twilio.UkLine));

        var inquiry = await InquiryAsync(await AssignedTicketAsync(caller));
        Assert.Contains(VoicemailTickets.NoTranscription, inquiry.Body, StringComparison.Ordinal);
        Assert.Equal("failed", inquiry.Attributes["transcriptionStatus"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bm90IHRoZSBzaWduYXR1cmU=")]
    public async Task A_missing_or_wrong_signature_is_refused_with_403_and_nothing_is_stored(string? signature)
    {
        var (callSid, caller) = (Twilio.NewCallSid(), Twilio.NewCaller());

        var transcription = await _twilio.PostWithSignatureAsync("/api/voice/transcription?region=uk", signature, TranscriptionCallback(callSid, caller, "Let me in."));
        var recording = await _twilio.PostWithSignatureAsync("/api/voice/recording?region=uk", signature, RecordingCallback(callSid));
        var incoming = await _twilio.PostWithSignatureAsync("/api/voice/incoming", signature, Call(callSid, caller, Twilio.UkLine));

        Assert.All([transcription, recording, incoming], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Null(await Voicemails().GetAsync(callSid, CancellationToken.None));
        await Task.Delay(500);
        Assert.Empty(await _twilio.TicketsOfAsync(_staff, caller));
    }

    [Fact]
    public async Task A_signature_for_another_url_or_other_fields_is_refused()
    {
        var (callSid, caller) = (Twilio.NewCallSid(), Twilio.NewCaller());
        var fields = TranscriptionCallback(callSid, caller, "Tampered.");
        var forRecording = Support.Adapters.Twilio.TwilioSignature.Compute(
            VoiceHostFixture.AuthToken, VoiceHostFixture.PublicBaseUrl + "/api/voice/recording?region=uk", fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

        var response = await _twilio.PostWithSignatureAsync("/api/voice/transcription?region=uk", forRecording, fields);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await Voicemails().GetAsync(callSid, CancellationToken.None));
    }

    [Fact]
    public async Task Callbacks_missing_their_fields_get_400_with_a_reason()
    {
        var callSid = Twilio.NewCallSid();

        var noSid = await _twilio.PostAsync("/api/voice/recording?region=uk", ("RecordingStatus", "completed"), ("RecordingUrl", RecordingUrl(callSid)));
        var noUrl = await _twilio.PostAsync("/api/voice/recording?region=uk", ("CallSid", callSid), ("RecordingStatus", "completed"));
        var badStatus = await _twilio.PostAsync("/api/voice/transcription?region=uk", ("CallSid", callSid), ("TranscriptionStatus", "maybe"));

        foreach (var (response, reason) in new[] { (noSid, "CallSid"), (noUrl, "RecordingUrl"), (badStatus, "TranscriptionStatus") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Contains(reason, problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Null(await Voicemails().GetAsync(callSid, CancellationToken.None));
    }

    [Fact]
    public async Task An_incoming_call_missing_its_fields_still_hears_something_sensible()
    {
        var withoutFrom = await _twilio.TwimlAsync("/api/voice/incoming", ("CallSid", Twilio.NewCallSid()), ("To", Twilio.UkLine));
        var empty = await _twilio.TwimlAsync("/api/voice/incoming");

        foreach (var twiml in new[] { withoutFrom, empty })
        {
            Assert.Contains("Sorry, we could not connect your call", twiml.Element("Say")!.Value, StringComparison.Ordinal);
            Assert.NotNull(twiml.Element("Record"));
        }
    }

    private static (string Name, string Value)[] Call(string callSid, string caller, string line) =>
        [("CallSid", callSid), ("AccountSid", "AC" + new string('0', 32)), ("From", caller), ("To", line), ("Direction", "inbound"), ("CallStatus", "ringing")];

    private static string RecordingUrl(string callSid) => $"https://api.twilio.com/2010-04-01/Accounts/AC00/Recordings/RE{callSid[2..]}";

    private static (string Name, string Value)[] RecordingCallback(string callSid) =>
        [("CallSid", callSid), ("RecordingSid", "RE" + callSid[2..]), ("RecordingStatus", "completed"), ("RecordingUrl", RecordingUrl(callSid)), ("RecordingDuration", "14")];

    private static (string Name, string Value)[] TranscriptionCallback(string callSid, string caller, string text) =>
        [("CallSid", callSid), ("TranscriptionSid", "TR" + callSid[2..]), ("TranscriptionStatus", "completed"), ("TranscriptionText", text),
         ("RecordingUrl", RecordingUrl(callSid)), ("From", caller), ("To", Twilio.UkLine)];

    private Task<JsonObject> AssignedTicketAsync(string phone) =>
        Eventually.GetAsync(
            async () =>
            {
                var items = await _twilio.TicketsOfAsync(_staff, phone);
                return items.Count == 1 && await Api.TicketAsync(_staff, Reference(items[0]!.AsObject())) is { } ticket
                    && ticket["timeline"]!.AsArray().Any(e => e!["type"]!.GetValue<string>() == "assigned")
                    ? ticket
                    : null;
            },
            $"an assigned voice ticket for {phone}");

    [Fact]
    public async Task The_sweep_finds_a_voicemail_while_it_is_unsettled_and_not_once_it_is_settled_until_a_late_part_unsettles_it()
    {
        var store = Voicemails();
        var callSid = "CA" + Guid.NewGuid().ToString("N");
        var cancel = TestContext.Current.CancellationToken;
        async Task<bool> SweptAsync() => (await store.ListUnsettledAsync(cancel)).Any(r => r.CallSid == callSid);
        async Task<bool> MarkedAsync() => (await new TableServiceClient(env.ConnectionString).GetTableClient(TableNames.Voicemail)
            .GetEntityIfExistsAsync<TableEntity>(TableVoicemailStore.Partition, "pending|" + callSid, cancellationToken: cancel)).HasValue;

        Assert.NotNull(await store.TrySaveAsync(new VoicemailRecord { CallSid = callSid, FirstSeenAt = DateTimeOffset.UtcNow, Region = "en-GB" }, cancel));
        Assert.True(await SweptAsync());

        var settled = (await store.GetAsync(callSid, cancel))! with { Reference = "SUP-SETTLED" };
        Assert.True(settled.Settled);
        Assert.NotNull(await store.TrySaveAsync(settled, cancel));
        Assert.False(await SweptAsync());
        Assert.False(await MarkedAsync());

        var late = (await store.GetAsync(callSid, cancel))! with { Transcription = new VoicemailTranscription(true, "call me back") };
        Assert.NotNull(await store.TrySaveAsync(late, cancel));
        Assert.True(await SweptAsync());
    }

    private async Task AssertOneTicketAsync(string phone)
    {
        // Late duplicates would surface within the queue's poll interval; give them the chance.
        await Task.Delay(1000);
        Assert.Single(await _twilio.TicketsOfAsync(_staff, phone));
    }

    private async Task AssertSettledAsync(string callSid) =>
        await Eventually.GetAsync(
            async () => await Voicemails().GetAsync(callSid, CancellationToken.None) is { Settled: true } record ? record : null,
            $"voicemail {callSid} to be settled");

    private async Task<Support.Core.Domain.Inquiry> InquiryAsync(JsonObject ticket) =>
        (await new TableTicketStore(new TableServiceClient(env.ConnectionString)).GetInquiryAsync(Reference(ticket), CancellationToken.None))!;

    private TableVoicemailStore Voicemails() => new(new TableServiceClient(env.ConnectionString));

    private static string Reference(JsonObject ticket) => ticket["reference"]!.GetValue<string>();
}
