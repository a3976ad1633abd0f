using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Support.Adapters.Twilio;
using Support.Core.Calendars;
using Support.Core.Domain;
using Support.Core.Queues;
using Support.Core.Roster;
using Support.Core.Voice;
using Support.Web.Voice;
using Xunit;

using Support.Tests.Fakes;

namespace Support.Tests.Voice;

/// <summary>The voice routes as <see cref="PipelineHarness"/> composes them (production's composition over in-memory ports), with a roster that takes calls.</summary>
internal sealed class VoiceHarness
{
    public const string BaseUrl = "https://support.example.com";
    public const string UkNumber = "+442079460100";
    public const string UsNumber = "+12025550142";
    public const string AuNumber = "+61255500123";
    public const string Caller = "+442079460456";
    public const string AmyPhone = "+442079460123";

    /// <summary>Monday 2 March 2026, 10:00 in London (GMT).</summary>
    public static readonly DateTimeOffset MondayMorningLondon = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    public VoiceHarness(DateTimeOffset now)
    {
        var roster = new RosterDocument
        {
            People =
            [
                new Person { Id = "amy", Name = "Amy Pond", Email = "amy@example.com", Phone = AmyPhone, Roles = [SupportRole.FirstLevel] },
                new Person { Id = "tom", Name = "Tom Baker", Email = "tom@example.com", Phone = "+442079460789", Roles = [SupportRole.Technical] },
            ],
            Rotations =
            [
                new Rotation { Role = SupportRole.FirstLevel, Start = new DateTime(2026, 1, 5, 9, 0, 0), TimeZone = "Europe/London", People = ["amy"] },
                new Rotation { Role = SupportRole.Technical, Start = new DateTime(2026, 1, 5, 9, 0, 0), TimeZone = "Europe/London", People = ["tom"] },
            ],
        };
        Pipeline = new PipelineHarness(roster, now, settings: new Dictionary<string, string?> { ["PublicBaseUrl"] = BaseUrl + "/" });

        var services = Pipeline.Services;
        Regions = services.GetRequiredService<RegionPolicy>();
        Voicemails = services.GetRequiredService<VoicemailTickets>();
        Sweep = services.GetRequiredService<VoicemailSweep>();
        var routes = services.GetServices<IVoiceRoute>().ToList();
        Incoming = routes.OfType<IncomingCallRoute>().Single();
        DialStatus = routes.OfType<DialStatusRoute>().Single();
        Whisper = routes.OfType<WhisperRoute>().Single();
        VoicemailDone = routes.OfType<VoicemailDoneRoute>().Single();
        Recording = routes.OfType<RecordingCallbackRoute>().Single();
        Transcription = routes.OfType<TranscriptionCallbackRoute>().Single();
    }

    /// <summary>Intake, triage, assignment and mail over in-memory ports, with this harness's roster and clock.</summary>
    public PipelineHarness Pipeline { get; }

    public FakeTimeProvider Time => Pipeline.Time;
    public InMemoryRosterStore Rosters => Pipeline.Rosters;
    public InMemoryTicketStore Tickets => Pipeline.Store;
    public InMemoryBlobStore Blobs => Pipeline.Blobs;
    public RecordingQueue Queues => Pipeline.Queue;
    public RecordingMailSender Mail => Pipeline.Mail;
    public InMemoryVoicemailStore VoicemailStore => Pipeline.VoicemailStore;
    public FixedRequesterDirectory Directory => Pipeline.Directory;
    public FakeRecordingFetcher RecordingMedia => Pipeline.RecordingMedia;
    public RegionPolicy Regions { get; }
    public VoicemailTickets Voicemails { get; }
    public VoicemailSweep Sweep { get; }

    public IncomingCallRoute Incoming { get; }
    public DialStatusRoute DialStatus { get; }
    public WhisperRoute Whisper { get; }
    public VoicemailDoneRoute VoicemailDone { get; }
    public RecordingCallbackRoute Recording { get; }
    public TranscriptionCallbackRoute Transcription { get; }

    /// <summary>Runs triage and assignment (with its mails) on everything queued, as the queue triggers would.</summary>
    public async Task DrainAsync()
    {
        while (Queues.TryTake(out var message))
        {
            if (message.Queue is QueueNames.Inquiries or QueueNames.Assignments)
            {
                var outcome = await Pipeline.Dispatcher.DispatchAsync(message.Queue, message.Body, CancellationToken.None);
                Assert.True(outcome.Completed, outcome.PoisonReason);
            }
        }
    }

    /// <summary>A webhook as Twilio posts it, read as the web edge reads it.</summary>
    public static VoiceRequest Form(params (string Name, string Value)[] fields) =>
        Form(new Dictionary<string, string>(StringComparer.Ordinal), fields);

    public static VoiceRequest Form(IReadOnlyDictionary<string, string> query, params (string Name, string Value)[] fields) =>
        TwilioVoiceForm.Read(fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal), query);

    /// <summary>Parses a TwiML reply as XML (the test fails if it is not) and returns its root.</summary>
    public static XElement Parse(VoiceReply reply)
    {
        Assert.False(reply.IsRefused);
        var root = XDocument.Parse(TwilioTwiml.Render(Assert.IsType<CallScript>(reply.Script))).Root!;
        Assert.Equal("Response", root.Name.LocalName);
        return root;
    }

    /// <summary>The query parameters of one of our callback URLs.</summary>
    public static Dictionary<string, string> QueryOf(string url)
    {
        var uri = new Uri(url);
        return uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);
    }
}
