using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Support.Adapters.Storage;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Core.Roster;
using Support.Core.Tickets;
using Support.Local.Azurite;
using Support.Local.Hosting;

namespace Support.Benchmarks.Load;

/// <summary>
/// Azurite on free ports with a fresh data folder, and the local host in this process on a free
/// port against it, so the load run can read the host's storage round-trip counters. The run's
/// own observation (is it assigned yet, are the queues empty) goes through separate clients that
/// the counters do not see.
/// </summary>
public sealed class InProcessHost : IAsyncDisposable
{
    private readonly AzuriteServer _azurite;
    private readonly WebApplication _app;
    private readonly WebApplication _twilioMedia;

    private InProcessHost(AzuriteServer azurite, WebApplication app, WebApplication twilioMedia, Uri url, string key, HostSecrets secrets)
    {
        _azurite = azurite;
        _app = app;
        _twilioMedia = twilioMedia;
        Url = url;
        Key = key;
        Secrets = secrets;
        RoundTrips = app.Services.GetRequiredService<StorageRoundTrips>();
        RoundTrips.TallyByTargets();
        Tickets = new TableTicketStore(new TableServiceClient(azurite.Endpoints.ConnectionString));
        Queues = new QueueServiceClient(azurite.Endpoints.ConnectionString);
        Tables = new TableServiceClient(azurite.Endpoints.ConnectionString);
    }

    public Uri Url { get; }

    public string Key { get; }

    /// <summary>What the channels' senders sign or authenticate with, as SendGrid and Twilio would.</summary>
    public HostSecrets Secrets { get; }

    public StorageRoundTrips RoundTrips { get; }

    /// <summary>The tickets, read without touching the host's counters.</summary>
    public TableTicketStore Tickets { get; }

    public QueueServiceClient Queues { get; }

    public TableServiceClient Tables { get; }

    public string ConnectionString => _azurite.Endpoints.ConnectionString;

    /// <summary>Processor time used so far by this process (the host) and by Azurite.</summary>
    public (TimeSpan Host, TimeSpan Azurite) ProcessorTime()
    {
        using var azurite = Process.GetProcessById(_azurite.ProcessId);
        return (Process.GetCurrentProcess().TotalProcessorTime, azurite.TotalProcessorTime);
    }

    public static async Task<InProcessHost> StartAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var azurite = await AzuriteServer.StartScratchAsync(log, cancellationToken);
        var endpoints = azurite.Endpoints;
        var url = new Uri($"http://127.0.0.1:{Loopback.FreePort()}");
        var key = NewSecret();
        var secrets = new HostSecrets(NewSecret(), NewSecret(), "AC" + NewSecret().ToLowerInvariant(), url);
        var twilioMedia = await StartTwilioMediaAsync(cancellationToken);
        var app = LocalHost.Build(
        [
            "--urls", url.ToString(),
            "--Storage", endpoints.ConnectionString,
            "--IntegrationKeys:load", key,
            "--InboundEmailKey", secrets.InboundEmailKey,
            "--Twilio:AuthToken", secrets.TwilioAuthToken,
            "--Twilio:AccountSid", secrets.TwilioAccountSid,
            "--Twilio:ApiBaseUrl", twilioMedia.Urls.First() + "/",
            "--PublicBaseUrl", url.ToString().TrimEnd('/'),
            "--Local:StartAzurite", "false",

            // The load measures the pipeline, not Slack, GitHub or Discourse: each stays off as in a deployment without
            // their settings, whatever a developer's local.settings.json turns on (its stand-ins answer on another port).
            "--Slack:BotToken=",
            "--GitHub:Owner=",
            "--Discourse:BaseUrl=",
            "--Logging:LogLevel:Default", "Warning",

            // Every post comes from this one machine: the per-IP limit would otherwise refuse the load itself.
            "--WebForm:RateLimitPerMinute", "1000000",
        ]);
        await app.StartAsync(cancellationToken);
        return new InProcessHost(azurite, app, twilioMedia, url, key, secrets);
    }

    /// <summary>
    /// Replaces the roster with <paramref name="people"/> people, half first level and half technical, each working
    /// 23½ hours a day with at most <paramref name="cap"/> active tickets, and a manager: a team the load spreads over.
    /// </summary>
    public async Task<IReadOnlyList<string>> UseRosterAsync(int people, int cap, CancellationToken cancellationToken)
    {
        var rosters = _app.Services.GetRequiredService<IRosterStore>();
        var current = await rosters.GetForEditAsync(cancellationToken);
        // Not quite around the clock: shifts that join up end to end make the working-time search run on forever.
        var allDay = Enum.GetValues<DayOfWeek>().Select(d => new WorkingHours(d, TimeOnly.MinValue, new TimeOnly(23, 30))).ToList();
        Person Member(string id, SupportRole role) => new()
        {
            Id = id,
            Name = id,
            Email = id + "@support.example.com",
            Roles = [role],
            WorkingHours = allDay,
            MaxActiveTickets = cap,
        };
        var firstLevel = Enumerable.Range(1, people - (people / 2)).Select(i => Member($"first{i}", SupportRole.FirstLevel)).ToList();
        var technical = Enumerable.Range(1, people / 2).Select(i => Member($"tech{i}", SupportRole.Technical)).ToList();
        var manager = Member("manager", SupportRole.Manager);
        var start = new DateTime(2025, 1, 6, 0, 0, 0, DateTimeKind.Unspecified);
        var roster = new RosterDocument
        {
            People = [.. firstLevel, .. technical, manager],
            Rotations =
            [
                new Rotation { Role = SupportRole.FirstLevel, Start = start, People = [.. firstLevel.Select(p => p.Id)] },
                new Rotation { Role = SupportRole.Technical, Start = start, People = [.. technical.Select(p => p.Id)] },
                new Rotation { Role = SupportRole.Manager, Start = start, People = [manager.Id] },
            ],
        };
        var saved = await rosters.SaveAsync(roster, "integration:load", current.ETag, cancellationToken);
        if (saved.Status != RosterSaveStatus.Saved)
        {
            throw new InvalidOperationException($"The load roster was not saved: {saved.Status}");
        }

        return [.. firstLevel.Concat(technical).Select(p => p.Id)];
    }

    /// <summary>Stores <paramref name="count"/> open tickets, assigned in turn to <paramref name="people"/>, with their SLA and workload entries.</summary>
    public async Task<IReadOnlyList<string>> OpenTicketsAsync(int count, IReadOnlyList<string> people, CancellationToken cancellationToken)
    {
        var writer = _app.Services.GetRequiredService<TicketWriter>();
        var references = new string[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var now = DateTimeOffset.UtcNow;
                var reference = TicketReference.Derive("load-open:" + Guid.NewGuid().ToString("N"), 0);
                var ticket = Ticket.Open(
                    new Inquiry
                    {
                        Id = Guid.NewGuid().ToString("N"),
                        Reference = reference,
                        Channel = Channel.Web,
                        ReceivedAt = now,
                        Requester = new Requester("Open Ticket", $"open.{i}@example.com", null),
                        Subject = "Export to CSV fails",
                        Body = "The export button does nothing.",
                        SourceId = reference,
                    },
                    now);
                var person = people[i % people.Count];
                ticket.ApplyTriage(new TriageResult(person.StartsWith("tech", StringComparison.Ordinal) ? Category.Technical : Category.Question, Severity.S3, ["load"]), now);
                ticket.Assign(person, "load", Actors.System, now);
                await writer.TryCreateAsync(ticket, cancellationToken);
                references[i] = reference;
            }
        }, cancellationToken)));
        return references;
    }

    /// <summary>Twilio's media host for the voicemail sweep to copy recordings from: every recording is there at once.</summary>
    private static async Task<WebApplication> StartTwilioMediaAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting("urls", $"http://127.0.0.1:{Loopback.FreePort()}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var media = builder.Build();
        byte[] mp3 = [0xFF, 0xFB, 0x90, 0x64, .. new byte[4096]];
        media.MapGet("/2010-04-01/Accounts/{account}/Recordings/{file}", () => Results.Bytes(mp3, "audio/mpeg"));
        await media.StartAsync(cancellationToken);
        return media;
    }

    private static string NewSecret() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public async Task<bool> QueuesEmptyAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in QueueNames.All)
        {
            if ((await Queues.GetQueueClient(queue).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Azurite alone doing <paramref name="work"/> at <paramref name="concurrency"/>, its kinds of
    /// request mixed as the pipeline mixes them: queue sends, table requests (an insert into a fresh
    /// partition of the tickets table, then reading it back, as a ticket's writes and reads are) and
    /// receives that delete what they get. The tickets table, because Azurite's cost of an insert grows
    /// with the table it goes into: against an empty table it would not be the same request.
    /// The elapsed time.
    /// </summary>
    public async Task<TimeSpan> AzuriteAloneAsync(AzuriteWork work, int concurrency, CancellationToken cancellationToken)
    {
        var table = Tables.GetTableClient(TableNames.Tickets);
        var queue = Queues.GetQueueClient("loadprobe");
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var body = BinaryData.FromString(new string('x', Math.Max(1, work.MessageBytes)));
        var deletes = work.QueueDeletes;

        Func<Task> send = () => queue.SendMessageAsync(body, cancellationToken: cancellationToken);
        Func<Task> tablePair = async () =>
        {
            var partition = "loadprobe-" + Guid.NewGuid().ToString("N");
            await table.AddEntityAsync(new TableEntity(partition, "ticket") { ["Doc"] = new string('x', 1500) }, cancellationToken);
            await table.GetEntityAsync<TableEntity>(partition, "ticket", cancellationToken: cancellationToken);
        };
        Func<Task> receive = async () =>
        {
            foreach (var message in (await queue.ReceiveMessagesAsync(maxMessages: 32, cancellationToken: cancellationToken)).Value)
            {
                if (Interlocked.Decrement(ref deletes) >= 0)
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
            }
        };

        // Spread evenly (each kind at its own stride), so every stretch of the run has the pipeline's mix.
        var steps = Spread(work.QueueSends, send)
            .Concat(Spread(work.TableRoundTrips / 2, tablePair))
            .Concat(Spread(work.QueueReceives, receive))
            .OrderBy(s => s.Position)
            .Select(s => s.Step)
            .ToArray();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int mine;
            while ((mine = Interlocked.Increment(ref next)) < steps.Length)
            {
                await steps[mine]();
            }
        }, cancellationToken)));
        return clock.Elapsed;
    }

    private static IEnumerable<(double Position, Func<Task> Step)> Spread(long count, Func<Task> step) =>
        Enumerable.Range(0, (int)count).Select(i => ((i + 0.5) / count, step));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _twilioMedia.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

/// <summary>The keys the in-process host checks SendGrid's and Twilio's posts with, and the address Twilio signs.</summary>
public sealed record HostSecrets(string InboundEmailKey, string TwilioAuthToken, string TwilioAccountSid, Uri PublicBaseUrl);

/// <summary>The requests a run made of Azurite, by kind, for <see cref="InProcessHost.AzuriteAloneAsync"/> to make again.</summary>
public sealed record AzuriteWork(long TableRoundTrips, long QueueSends, long QueueReceives, long QueueDeletes, int MessageBytes)
{
    /// <summary>The work the counters saw: table and blob requests, and queue sends, receives and deletes (with the mean size of a send).</summary>
    public static AzuriteWork Counted(StorageRoundTrips roundTrips)
    {
        var queues = roundTrips.Queues.ByTarget;
        IEnumerable<RequestTally> Of(string method) => queues.Where(q => q.Key.StartsWith(method + " ", StringComparison.Ordinal)).Select(q => q.Value);
        var sends = Of("POST").Sum(t => t.Count);
        var sentBytes = Of("POST").Sum(t => t.Bytes);
        return new AzuriteWork(roundTrips.Storage, sends, Of("GET").Sum(t => t.Count), Of("DELETE").Sum(t => t.Count), sends == 0 ? 0 : (int)(sentBytes / sends));
    }

    public AzuriteWork TablesOnly => this with { QueueSends = 0, QueueReceives = 0, QueueDeletes = 0 };
}
