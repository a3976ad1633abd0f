using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Voice;
using Xunit;
using static Support.Tests.Voice.VoiceHarness;

using Support.Tests.Fakes;

namespace Support.Tests.Voice;

public sealed class CallFlowTests
{
    private const string CallSid = "CA0123456789abcdef0123456789abcdef";
    private const string RecordingUrl = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1";

    private static VoiceRequest IncomingCall(string to = UkNumber) =>
        Form(("CallSid", CallSid), ("From", Caller), ("To", to), ("Direction", "inbound"), ("CallStatus", "ringing"));

    private static VoiceRequest RecordingDone(int seconds = 42) => Form(
        new Dictionary<string, string> { ["region"] = "uk" },
        ("CallSid", CallSid), ("RecordingSid", "RE1"), ("RecordingUrl", RecordingUrl),
        ("RecordingStatus", "completed"), ("RecordingDuration", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static VoiceRequest TranscriptionDone(string status = "completed", string text = "Hello, my printer is on fire.") => Form(
        new Dictionary<string, string> { ["region"] = "uk" },
        ("CallSid", CallSid), ("TranscriptionStatus", status), ("TranscriptionText", text),
        ("RecordingUrl", RecordingUrl), ("RecordingSid", "RE1"), ("From", Caller), ("To", UkNumber));

    [Fact]
    public async Task In_hours_the_call_is_put_through_to_the_first_level_person_on_duty()
    {
        var harness = new VoiceHarness(MondayMorningLondon);

        var root = Parse(await harness.Incoming.HandleAsync(IncomingCall(), CancellationToken.None));

        var dial = root.Element("Dial")!;
        Assert.Equal(AmyPhone, dial.Element("Number")!.Value);
        Assert.Equal(UkNumber, (string?)dial.Attribute("callerId"));
        Assert.Equal("20", (string?)dial.Attribute("timeout"));
        Assert.Equal(BaseUrl + "/api/voice/dial-status?person=amy&region=uk", (string?)dial.Attribute("action"));
        Assert.Equal(harness.Regions.Default.Greeting, root.Element("Say")!.Value);
    }

    [Theory]
    [InlineData("+447700900123", "+447700900123")]
    [InlineData("020 7946 0123", "+442079460123")]
    public async Task A_person_on_duty_is_dialled_at_any_possible_number_even_one_in_a_reserved_range(string rostered, string dialled)
    {
        var harness = new VoiceHarness(MondayMorningLondon);
        harness.Rosters.Roster = harness.Rosters.Roster with
        {
            People = [.. harness.Rosters.Roster.People.Select(p => p.Id == "amy" ? p with { Phone = rostered } : p)],
        };

        var root = Parse(await harness.Incoming.HandleAsync(IncomingCall(), CancellationToken.None));

        Assert.Equal(dialled, root.Element("Dial")!.Element("Number")!.Value);
    }

    [Fact]
    public async Task The_whisper_asks_for_1_and_connects_only_on_1()
    {
        var harness = new VoiceHarness(MondayMorningLondon);
        var query = new Dictionary<string, string> { ["region"] = "uk" };

        var prompt = Parse(await harness.Whisper.HandleAsync(Form(query, ("CallSid", "CA2")), CancellationToken.None));
        Assert.NotNull(prompt.Element("Gather"));
        Assert.Equal("Hangup", prompt.Elements().Last().Name.LocalName);

        var accepted = Parse(await harness.Whisper.HandleAsync(Form(query, ("CallSid", "CA2"), ("Digits", "1")), CancellationToken.None));
        Assert.Empty(accepted.Elements());

        var other = Parse(await harness.Whisper.HandleAsync(Form(query, ("CallSid", "CA2"), ("Digits", "9")), CancellationToken.None));
        Assert.Equal("Hangup", Assert.Single(other.Elements()).Name.LocalName);
    }

    [Fact]
    public async Task An_answered_call_hangs_up_and_becomes_a_ticket_assigned_to_who_answered()
    {
        var harness = new VoiceHarness(MondayMorningLondon);
        harness.Directory.Known[Caller] = new Requester("Rory Williams", "rory@example.com", Caller);
        var dialAction = Parse(await harness.Incoming.HandleAsync(IncomingCall(), CancellationToken.None)).Element("Dial")!.Attribute("action")!.Value;

        // The rotation has moved on by the time the call ends: the ticket still goes to who answered.
        harness.Rosters.Roster = harness.Rosters.Roster with
        {
            People = [.. harness.Rosters.Roster.People, new() { Id = "ben", Name = "Ben", Email = "ben@example.com", Roles = [SupportRole.FirstLevel] }],
            Rotations = [.. harness.Rosters.Roster.Rotations.Select(r => r.Role == SupportRole.FirstLevel ? r with { People = ["ben"] } : r)],
        };
        var status = Form(QueryOf(dialAction),
            ("CallSid", CallSid), ("DialCallStatus", "completed"), ("DialCallDuration", "95"), ("From", Caller), ("To", UkNumber), ("Direction", "inbound"));
        var reply = Parse(await harness.DialStatus.HandleAsync(status, CancellationToken.None));
        Parse(await harness.DialStatus.HandleAsync(status, CancellationToken.None));
        await harness.DrainAsync();

        Assert.Equal("Hangup", Assert.Single(reply.Elements()).Name.LocalName);
        var inquiry = Assert.Single(harness.Tickets.Inquiries);
        Assert.Equal(Channel.Voice, inquiry.Channel);
        Assert.Equal("voice:call:" + CallSid, inquiry.SourceId);
        Assert.Equal("95", inquiry.Attributes["duration"]);
        Assert.Equal("amy", inquiry.Attributes["answeredBy"]);
        Assert.Equal("inbound", inquiry.Attributes["direction"]);
        Assert.Equal("rory@example.com", inquiry.Requester.Email);
        Assert.Equal(Caller, inquiry.Requester.Phone);
        var ticket = (await harness.Tickets.GetAsync(inquiry.Reference, CancellationToken.None))!;
        Assert.Equal("amy", ticket.Assignee);
        Assert.Equal("uk", ticket.Region);
    }

    [Fact]
    public async Task A_call_picked_up_but_not_accepted_in_the_whisper_goes_to_voicemail()
    {
        var harness = new VoiceHarness(MondayMorningLondon);
        var status = Form(new Dictionary<string, string> { ["person"] = "amy", ["region"] = "uk" },
            ("CallSid", CallSid), ("DialCallStatus", "completed"), ("DialBridged", "false"), ("DialCallDuration", "9"), ("From", Caller), ("To", UkNumber));

        var root = Parse(await harness.DialStatus.HandleAsync(status, CancellationToken.None));

        Assert.Equal(harness.Regions.Default.NoAnswerMessage, root.Element("Say")!.Value);
        Assert.NotNull(root.Element("Record"));
        Assert.Empty(harness.Tickets.Inquiries);
    }

    [Theory]
    [InlineData("no-answer")]
    [InlineData("busy")]
    [InlineData("failed")]
    [InlineData("canceled")]
    public async Task An_unanswered_call_goes_to_voicemail(string dialStatus)
    {
        var harness = new VoiceHarness(MondayMorningLondon);
        var status = Form(new Dictionary<string, string> { ["person"] = "amy", ["region"] = "uk" },
            ("CallSid", CallSid), ("DialCallStatus", dialStatus), ("From", Caller), ("To", UkNumber));

        var root = Parse(await harness.DialStatus.HandleAsync(status, CancellationToken.None));

        Assert.Equal(harness.Regions.Default.NoAnswerMessage, root.Element("Say")!.Value);
        Assert.NotNull(root.Element("Record"));
        Assert.Empty(harness.Tickets.Inquiries);
    }

    [Fact]
    public async Task No_answer_then_voicemail_then_transcription_makes_one_assigned_ticket_with_both_parts()
    {
        var harness = new VoiceHarness(MondayMorningLondon);
        Parse(await harness.Incoming.HandleAsync(IncomingCall(), CancellationToken.None));
        var voicemail = Parse(await harness.DialStatus.HandleAsync(
            Form(new Dictionary<string, string> { ["person"] = "amy", ["region"] = "uk" }, ("CallSid", CallSid), ("DialCallStatus", "no-answer"), ("From", Caller), ("To", UkNumber)),
            CancellationToken.None));
        var record = voicemail.Element("Record")!;
        var goodbye = Parse(await harness.VoicemailDone.HandleAsync(
            Form(QueryOf((string)record.Attribute("action")!), ("CallSid", CallSid), ("RecordingUrl", RecordingUrl)), CancellationToken.None));
        Assert.Equal(harness.Regions.Default.Goodbye, goodbye.Element("Say")!.Value);

        Assert.False((await harness.Recording.HandleAsync(RecordingDone(), CancellationToken.None)).IsRefused);
        Assert.False((await harness.Transcription.HandleAsync(TranscriptionDone(), CancellationToken.None)).IsRefused);
        await harness.DrainAsync();

        var inquiry = Assert.Single(harness.Tickets.Inquiries);
        Assert.Equal("voice:voicemail:" + CallSid, inquiry.SourceId);
        Assert.Contains("Hello, my printer is on fire.", inquiry.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(RecordingUrl, inquiry.Body, StringComparison.Ordinal);
        Assert.Equal("42", inquiry.Attributes["recordingDuration"]);
        Assert.Equal("completed", inquiry.Attributes["transcriptionStatus"]);
        Assert.Equal(Caller, inquiry.Requester.Phone);
        Assert.Equal("uk", inquiry.Region);
        Assert.Equal(1, harness.Tickets.TicketCount);
        var ticket = (await harness.Tickets.GetAsync(inquiry.Reference, CancellationToken.None))!;
        Assert.Equal("amy", ticket.Assignee);

        // The callbacks never wait for Twilio's media: the sweep copies the recording.
        Assert.Empty(harness.RecordingMedia.Fetched);
        Assert.False((await harness.VoicemailStore.GetAsync(CallSid, CancellationToken.None))!.Settled);
        Assert.Equal(1, await harness.Sweep.RunAsync(CancellationToken.None));
        Assert.True((await harness.VoicemailStore.GetAsync(CallSid, CancellationToken.None))!.Settled);
    }

    [Fact]
    public async Task The_sweep_copies_the_recording_once_asking_again_while_Twilio_answers_not_found()
    {
        var harness = new VoiceHarness(MondayMorningLondon);
        harness.RecordingMedia.NotFoundFirst = 2;
        await harness.Recording.HandleAsync(RecordingDone(), CancellationToken.None);
        await harness.Transcription.HandleAsync(TranscriptionDone(), CancellationToken.None);
        await harness.DrainAsync();

        Assert.Equal(0, await harness.Sweep.RunAsync(CancellationToken.None));
        Assert.Equal(0, await harness.Sweep.RunAsync(CancellationToken.None));
        var inquiry = Assert.Single(harness.Tickets.Inquiries);
        Assert.DoesNotContain((await harness.Tickets.GetAsync(inquiry.Reference, CancellationToken.None))!.Timeline, e => e.Type == VoiceTimelineEvents.VoicemailAudio);

        Assert.Equal(1, await harness.Sweep.RunAsync(CancellationToken.None));
        Assert.Equal(0, await harness.Sweep.RunAsync(CancellationToken.None));

        Assert.Equal(["RE1", "RE1", "RE1"], harness.RecordingMedia.Fetched);
        var ticket = (await harness.Tickets.GetAsync(inquiry.Reference, CancellationToken.None))!;
        var audio = Assert.Single(ticket.Timeline, e => e.Type == VoiceTimelineEvents.VoicemailAudio);
        Assert.Equal("audio/mpeg", audio.Details["contentType"]);
        var stored = await harness.Blobs.GetAsync(BlobContainers.Recordings, audio.Details["blob"], CancellationToken.None);
        Assert.Equal(FakeRecordingFetcher.Audio, stored!.ToArray());
        Assert.Equal(1, harness.Tickets.TicketCount);
    }

    [Fact]
    public async Task Reversed_and_repeated_callbacks_make_one_ticket_with_both_parts()
    {
        var harness = new VoiceHarness(MondayMorningLondon);

        await harness.Transcription.HandleAsync(TranscriptionDone(), CancellationToken.None);
        await harness.Transcription.HandleAsync(TranscriptionDone(), CancellationToken.None);
        await harness.DrainAsync();
        await harness.Recording.HandleAsync(RecordingDone(), CancellationToken.None);
        await harness.Recording.HandleAsync(RecordingDone(), CancellationToken.None);
        await harness.Transcription.HandleAsync(TranscriptionDone(), CancellationToken.None);
        await harness.DrainAsync();

        var inquiry = Assert.Single(harness.Tickets.Inquiries);
        Assert.Equal(1, harness.Tickets.TicketCount);
        Assert.Contains("Hello, my printer is on fire.", inquiry.Body, StringComparison.Ordinal);
        var ticket = (await harness.Tickets.GetAsync(inquiry.Reference, CancellationToken.None))!;
        var appended = Assert.Single(ticket.Timeline, e => e.Type == VoiceTimelineEvents.VoicemailRecording);
        Assert.Equal("42", appended.Details["duration"]);
        Assert.DoesNotContain(ticket.Timeline, e => e.Type == VoiceTimelineEvents.VoicemailTranscription);
    }

    [Fact]
    public async Task A_part_that_arrives_before_triage_opened_the_ticket_is_appended_by_the_sweep()
    {
        var harness = new VoiceHarness(MondayMorningLondon);

        await harness.Transcription.HandleAsync(TranscriptionDone(), CancellationToken.None);
        await harness.Recording.HandleAsync(RecordingDone(), CancellationToken.None);
        Assert.Single(await harness.VoicemailStore.ListUnsettledAsync(CancellationToken.None));

        await harness.DrainAsync();
        Assert.Equal(1, await harness.Sweep.RunAsync(CancellationToken.None));
        Assert.Equal(0, await harness.Sweep.RunAsync(CancellationToken.None));

        var inquiry = Assert.Single(harness.Tickets.Inquiries);
        var ticket = (await harness.Tickets.GetAsync(inquiry.Reference, CancellationToken.None))!;
        Assert.Single(ticket.Timeline, e => e.Type == VoiceTimelineEvents.VoicemailRecording);
        Assert.Empty(await harness.VoicemailStore.ListUnsettledAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_callbacks_still_make_one_ticket()
    {
        var harness = new VoiceHarness(MondayMorningLondon);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? Task.Run(() => harness.Recording.HandleAsync(RecordingDone(), CancellationToken.None))
            : Task.Run(() => harness.Transcription.HandleAsync(TranscriptionDone(), CancellationToken.None))));
        await harness.DrainAsync();
        await harness.Sweep.RunAsync(CancellationToken.None);

        var inquiry = Assert.Single(harness.Tickets.Inquiries);
        Assert.Equal(1, harness.Tickets.TicketCount);
        var ticket = (await harness.Tickets.GetAsync(inquiry.Reference, CancellationToken.None))!;
        var hasTranscription = inquiry.Body.Contains("printer is on fire", StringComparison.Ordinal)
            || ticket.Timeline.Any(e => e.Type == VoiceTimelineEvents.VoicemailTranscription);
        var hasRecording = inquiry.Attributes.ContainsKey("recordingDuration")
            || ticket.Timeline.Any(e => e.Type == VoiceTimelineEvents.VoicemailRecording);
        Assert.True(hasTranscription && hasRecording);
    }

    [Fact]
    public async Task A_failed_transcription_says_so_clearly()
    {
        var harness = new VoiceHarness(MondayMorningLondon);

        await harness.Recording.HandleAsync(RecordingDone(), CancellationToken.None);
        await harness.Transcription.HandleAsync(TranscriptionDone("failed", ""), CancellationToken.None);

        var inquiry = Assert.Single(harness.Tickets.Inquiries);
        Assert.Contains(VoicemailTickets.NoTranscription, inquiry.Body, StringComparison.Ordinal);
        Assert.Equal("failed", inquiry.Attributes["transcriptionStatus"]);
    }

    [Fact]
    public async Task A_voicemail_whose_transcription_never_comes_is_filed_by_the_sweep_after_the_grace_period()
    {
        var harness = new VoiceHarness(MondayMorningLondon);

        await harness.Recording.HandleAsync(RecordingDone(), CancellationToken.None);
        Assert.Equal(0, await harness.Sweep.RunAsync(CancellationToken.None));
        Assert.Empty(harness.Tickets.Inquiries);

        harness.Time.Advance(TimeSpan.FromMinutes(11));
        await harness.Sweep.RunAsync(CancellationToken.None);

        var inquiry = Assert.Single(harness.Tickets.Inquiries);
        Assert.Equal("Voicemail from an unknown caller", inquiry.Subject);
        Assert.Equal("pending", inquiry.Attributes["transcriptionStatus"]);
    }

    [Fact]
    public async Task A_known_caller_is_matched_to_their_requester()
    {
        var harness = new VoiceHarness(MondayMorningLondon);
        harness.Directory.Known[Caller] = new Requester("Rory Williams", "rory@example.com", Caller);

        await harness.Transcription.HandleAsync(TranscriptionDone(), CancellationToken.None);

        var inquiry = Assert.Single(harness.Tickets.Inquiries);
        Assert.Equal(new Requester("Rory Williams", "rory@example.com", Caller), inquiry.Requester);
    }

    [Fact]
    public async Task A_national_format_caller_number_is_normalized_to_E164_in_the_region()
    {
        var harness = new VoiceHarness(MondayMorningLondon);
        var request = TranscriptionDone() with { From = "020 7946 0456" };

        await harness.Transcription.HandleAsync(request, CancellationToken.None);

        Assert.Equal(Caller, Assert.Single(harness.Tickets.Inquiries).Requester.Phone);
    }

    [Theory]
    [InlineData("2026-03-07T11:00:00Z")] // Saturday
    [InlineData("2026-12-25T11:00:00Z")] // Christmas, a Friday
    [InlineData("2026-03-02T18:00:00Z")] // Monday evening
    public async Task Out_of_hours_the_caller_hears_the_out_of_hours_greeting_and_voicemail(string utc)
    {
        var harness = new VoiceHarness(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

        var root = Parse(await harness.Incoming.HandleAsync(IncomingCall(), CancellationToken.None));

        Assert.Null(root.Element("Dial"));
        Assert.Equal(harness.Regions.Default.OutOfHoursGreeting, root.Element("Say")!.Value);
        Assert.NotNull(root.Element("Record"));
    }

    [Fact]
    public async Task The_region_time_zone_decides_not_UTC()
    {
        // 10:00 UTC on a Monday: open in London, 05:00 and closed in New York.
        var harness = new VoiceHarness(MondayMorningLondon);

        var us = Parse(await harness.Incoming.HandleAsync(IncomingCall(UsNumber), CancellationToken.None));

        Assert.Null(us.Element("Dial"));
        Assert.Equal("Polly.Joanna", (string?)us.Element("Say")!.Attribute("voice"));
        Assert.Equal(harness.Regions.ForName("us").OutOfHoursGreeting, us.Element("Say")!.Value);
    }

    [Fact]
    public async Task An_unknown_called_number_uses_the_default_region()
    {
        var harness = new VoiceHarness(MondayMorningLondon);

        var root = Parse(await harness.Incoming.HandleAsync(IncomingCall("+15550000000"), CancellationToken.None));

        var dial = root.Element("Dial")!;
        Assert.Equal(UkNumber, (string?)dial.Attribute("callerId"));
        Assert.Equal("Polly.Amy", (string?)root.Element("Say")!.Attribute("voice"));
    }

    [Fact]
    public async Task Nobody_on_duty_with_a_phone_means_voicemail()
    {
        var harness = new VoiceHarness(MondayMorningLondon);
        harness.Rosters.Roster = harness.Rosters.Roster with
        {
            People = [.. harness.Rosters.Roster.People.Select(p => p with { Phone = null })],
        };

        var root = Parse(await harness.Incoming.HandleAsync(IncomingCall(), CancellationToken.None));

        Assert.Null(root.Element("Dial"));
        Assert.Equal(harness.Regions.Default.NoAnswerMessage, root.Element("Say")!.Value);
    }

    [Fact]
    public async Task A_roster_outage_still_gives_the_caller_voicemail()
    {
        var harness = new VoiceHarness(MondayMorningLondon);
        harness.Rosters.Broken = true;

        var root = Parse(await harness.Incoming.HandleAsync(IncomingCall(), CancellationToken.None));

        Assert.Equal(harness.Regions.Default.Apology, root.Element("Say")!.Value);
        Assert.NotNull(root.Element("Record"));
    }

    [Fact]
    public async Task An_incoming_call_with_missing_parameters_gets_an_apology_and_voicemail()
    {
        var harness = new VoiceHarness(MondayMorningLondon);

        var root = Parse(await harness.Incoming.HandleAsync(Form(("To", UkNumber)), CancellationToken.None));

        Assert.Equal(harness.Regions.Default.Apology, root.Element("Say")!.Value);
        Assert.NotNull(root.Element("Record"));
    }

    [Fact]
    public async Task A_dial_status_with_missing_parameters_still_gives_the_caller_voicemail()
    {
        var harness = new VoiceHarness(MondayMorningLondon);

        var root = Parse(await harness.DialStatus.HandleAsync(Form(("To", UkNumber)), CancellationToken.None));

        Assert.NotNull(root.Element("Record"));
    }

    [Theory]
    [InlineData("recording", "")]
    [InlineData("recording", "CallSid=CA../../x")]
    [InlineData("recording", "CallSid=CA1")]
    [InlineData("recording", "CallSid=CA1&RecordingStatus=completed")]
    [InlineData("transcription", "")]
    [InlineData("transcription", "CallSid=CA1")]
    [InlineData("transcription", "CallSid=CA1&TranscriptionStatus=queued")]
    public async Task Callbacks_with_missing_or_bad_parameters_get_a_400_with_a_reason_and_store_nothing(string route, string fields)
    {
        var harness = new VoiceHarness(MondayMorningLondon);
        var form = fields.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=')).Select(p => (p[0], p[1])).ToArray();
        IVoiceRoute target = route == "recording" ? harness.Recording : harness.Transcription;

        var reply = await target.HandleAsync(Form(form), CancellationToken.None);

        Assert.True(reply.IsRefused);
        Assert.False(string.IsNullOrWhiteSpace(reply.Reason));
        Assert.Empty(await harness.VoicemailStore.ListUnsettledAsync(CancellationToken.None));
    }
}
