using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Support.Adapters.Storage;
using Support.Core.Domain;
using Support.Core.Ports;

namespace Support.Benchmarks.Load;

/// <summary>
/// <c>load --rate 20 --seconds 60 [--mix default]</c>: events at a fixed rate for a fixed time against the local
/// host (started here with its own Azurite unless <c>--url</c> is given), web-form posts or a mix of channels and
/// staff actions (<see cref="LoadMix"/>), then waits for every new ticket to be assigned and prints intake and
/// intake→assigned latency, storage round-trips per new ticket, the writes per table and per partition (the hottest
/// partition's share of them), and how the pipeline's throughput in a burst (posted until acknowledged) compares with
/// what Azurite alone does for the same table and queue requests. The last line is machine-readable.
/// </summary>
public sealed class LoadCommand : IBenchmarkCommand
{
    private const int BurstConcurrency = 16;

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    public string Name => "load";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = LoadOptions.Parse(args, Console.Error);
        if (options is null)
        {
            return 2;
        }

        await using var host = options.Url is null ? await InProcessHost.StartAsync(Console.Error, cancellationToken) : null;
        var url = options.Url ?? host!.Url;
        var key = options.Key ?? host!.Key;
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("x-functions-key", key);
        var tickets = new TicketWatch(http, host);
        Console.WriteLine($"load: {options.Rate.ToString(CultureInfo.InvariantCulture)}/s for {options.Seconds} s, mix {options.Mix}, against {url}{(host is null ? string.Empty : " (in-process host, own Azurite)")}");

        IReadOnlyList<string> open = [], people = ["amira"];
        if (host is not null && options.People > 0)
        {
            people = await host.UseRosterAsync(options.People, options.Cap, cancellationToken);
            open = await host.OpenTicketsAsync(options.Open, people, cancellationToken);
            Console.WriteLine($"roster: {people.Count} people (first level and technical, 23½ hours a day, cap {options.Cap} each) and a manager; {open.Count} open tickets stored among them before the run");
        }

        // Staff work in the console as a roster person (an integration key may not write to a customer): signed in
        // through the local sign-in, as the integration tests' browser is.
        using var staff = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = url, Timeout = http.Timeout };
        if (host is not null)
        {
            using var login = await staff.GetAsync($"/.auth/login/dev?user={Uri.EscapeDataString(people[0])}&post_login_redirect_uri=/console", cancellationToken);
            login.EnsureSuccessStatusCode();
            staff.DefaultRequestHeaders.Add("x-support-console", "1");
        }
        else
        {
            staff.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        var traffic = new Traffic(http, staff, host?.Secrets, open);

        // Warm-up (JIT, connections, tables) is not measured.
        var warmup = await RunAtRateAsync(traffic, options.Mix, 10, 1, "warmup", cancellationToken);
        await tickets.WaitForAsync([.. warmup.Where(p => p.Reference is not null)], TimelineEventTypes.Assigned, cancellationToken);
        await SettleAsync(host, cancellationToken);
        host?.RoundTrips.Reset();
        var runCpuBefore = host?.ProcessorTime();
        var runClock = Stopwatch.StartNew();

        var posts = await RunAtRateAsync(traffic, options.Mix, options.Rate, options.Seconds, "load", cancellationToken);
        var accepted = posts.Where(p => p.Reference is not null).ToList();
        var assigned = await tickets.WaitForAsync(accepted, TimelineEventTypes.Assigned, cancellationToken);
        await SettleAsync(host, cancellationToken);
        if (host is not null && runCpuBefore is { } before)
        {
            // Near 100% the machine, not the pipeline, sets the latencies: the queues wait for a processor.
            var after = host.ProcessorTime();
            var (hostCpu, azuriteCpu) = (after.Host - before.Host, after.Azurite - before.Azurite);
            var busy = (hostCpu + azuriteCpu).TotalMilliseconds / (runClock.Elapsed.TotalMilliseconds * Environment.ProcessorCount);
            Console.WriteLine($"processor time, run and settling: host and load {hostCpu.TotalMilliseconds:F0} ms, Azurite {azuriteCpu.TotalMilliseconds:F0} ms in {runClock.Elapsed.TotalSeconds:F0} s: {busy:P0} of {Environment.ProcessorCount} processors");
        }

        var intake = posts.Select(p => p.IntakeMs).ToList();
        var toAssigned = accepted.Where(p => assigned.ContainsKey(p.Reference!)).Select(p => (assigned[p.Reference!] - p.SentAt).TotalMilliseconds).ToList();
        var refused = posts.Count(p => !p.Succeeded);
        Console.WriteLine($"posted={posts.Count} accepted={accepted.Count} refused={refused} ({string.Join(", ", posts.Where(p => !p.Succeeded).GroupBy(p => (p.Kind, p.Status)).Select(g => $"{g.Key.Kind.ToString().ToLowerInvariant()} {(int)g.Key.Status}×{g.Count()}"))})");
        Console.WriteLine("by kind: " + string.Join(", ", posts.GroupBy(p => p.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count(p => p.Succeeded)}/{g.Count()}")));
        Console.WriteLine($"intake latency ms: p50={Ms(Percentiles.Of(intake, 50))} p99={Ms(Percentiles.Of(intake, 99))} max={Ms(intake.DefaultIfEmpty().Max())}");
        if (options.Mix.Weights.Count > 1)
        {
            Console.WriteLine("  by kind p99: " + string.Join(", ", posts.GroupBy(p => p.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {Ms(Percentiles.Of([.. g.Select(p => p.IntakeMs)], 99))}")));
        }

        Console.WriteLine($"intake→assigned ms: p50={Ms(Percentiles.Of(toAssigned, 50))} p99={Ms(Percentiles.Of(toAssigned, 99))} max={Ms(toAssigned.DefaultIfEmpty().Max())}");

        string roundTripsPerTicket = "n/a", ratio = "n/a", hottestShare = "n/a";
        var lost = accepted.Count - assigned.Count;
        if (host is not null && accepted.Count > 0)
        {
            // Voicemails answer Twilio with TwiML, not a reference: their tickets are counted in the store.
            var voice = posts.Count(p => p.Kind == LoadKind.Voice && p.Succeeded);
            var newTickets = accepted.Count;
            if (voice > 0)
            {
                var (voiceTickets, voiceAssigned) = await tickets.VoiceTicketsAsync(cancellationToken);
                Console.WriteLine($"voicemails: {voice} left, {voiceTickets} tickets, {voiceAssigned} assigned");
                // A voicemail is lost when its ticket was not made, or not assigned (a call the caller saw time out may still have made one).
                lost += Math.Max(0, voice - voiceTickets) + (voiceTickets - voiceAssigned);
                newTickets += voice;
            }

            // The local mailbox keeps its mail outside storage, as SendGrid does: every table and blob request here is the app's own.
            var storage = host.RoundTrips.Storage;
            var perTicket = (double)storage / newTickets;
            roundTripsPerTicket = perTicket.ToString("0.0", CultureInfo.InvariantCulture);
            Console.WriteLine($"storage round-trips: tables={host.RoundTrips.Tables.Count} blobs={host.RoundTrips.Blobs.Count} = {storage}, {roundTripsPerTicket} per new ticket ({newTickets}; queue requests, the transport, not counted: {host.RoundTrips.Queues.Count})");
            PrintBreakdown(host.RoundTrips, newTickets);
            hottestShare = PrintPartitions(host.RoundTrips);

            if (options.Burst > 0)
            {
                host.RoundTrips.Reset();
                var cpuBefore = host.ProcessorTime();
                var burst = await BurstAsync(traffic, tickets, options.Burst, cancellationToken);
                var cpuAfter = host.ProcessorTime();
                await SettleAsync(host, cancellationToken);
                Console.WriteLine("burst requests:");
                PrintBreakdown(host.RoundTrips, options.Burst);

                // The local pipeline's queues are Azurite's too: what Azurite alone allows for this burst is
                // the same table and queue requests, made without the pipeline in between.
                var work = AzuriteWork.Counted(host.RoundTrips);
                var aloneCpuBefore = host.ProcessorTime();
                var alone = await host.AzuriteAloneAsync(work, BurstConcurrency, cancellationToken);
                var aloneCpu = host.ProcessorTime().Azurite - aloneCpuBefore.Azurite;
                var tablesAlone = await host.AzuriteAloneAsync(work.TablesOnly, BurstConcurrency, cancellationToken);
                ratio = (alone / burst).ToString("0.00", CultureInfo.InvariantCulture);
                Console.WriteLine($"burst: {options.Burst} inquiries at concurrency {BurstConcurrency} through (assigned and acknowledged) in {Ms(burst.TotalMilliseconds)} ms ({(options.Burst / burst.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture)}/s); processor time: host and load {Ms((cpuAfter.Host - cpuBefore.Host).TotalMilliseconds)} ms, Azurite {Ms((cpuAfter.Azurite - cpuBefore.Azurite).TotalMilliseconds)} ms");
                Console.WriteLine($"Azurite alone: the same {work.TableRoundTrips} table, {work.QueueSends} queue send, {work.QueueReceives} receive and {work.QueueDeletes} delete requests in {Ms(alone.TotalMilliseconds)} ms (Azurite processor time {Ms(aloneCpu.TotalMilliseconds)} ms); ratio {ratio}");
                Console.WriteLine($"  (the table requests alone: {Ms(tablesAlone.TotalMilliseconds)} ms, ratio {(tablesAlone / burst).ToString("0.00", CultureInfo.InvariantCulture)})");
            }
        }

        Console.WriteLine($"accepted={accepted.Count} lost={lost} intake_p99_ms={Ms(Percentiles.Of(intake, 99))} assigned_p99_ms={Ms(Percentiles.Of(toAssigned, 99))} roundtrips_per_ticket={roundTripsPerTicket} azurite_ratio={ratio} hottest_partition_share={hottestShare}");
        return lost == 0 ? 0 : 1;
    }

    /// <summary>Every storage request (queues included) by method and target: how many per ticket, and how long each took.</summary>
    private static void PrintBreakdown(StorageRoundTrips roundTrips, int tickets)
    {
        RoundTripCounter[] counters = [roundTrips.Tables, roundTrips.Blobs, roundTrips.Queues];
        foreach (var (target, tally) in counters.SelectMany(c => c.ByTarget).OrderByDescending(t => t.Value.Count))
        {
            var mean = tally.Time.TotalMilliseconds / tally.Count;
            Console.WriteLine($"  {target}: {((double)tally.Count / tickets).ToString("0.00", CultureInfo.InvariantCulture)} per ticket, {mean.ToString("0.0", CultureInfo.InvariantCulture)} ms each");
        }
    }

    /// <summary>
    /// Entities (and blobs) written per table and the partitions written most, with their share of all writes: a
    /// partition's throughput target in Azure is per partition, so a partition with a large share is the first to
    /// saturate as volume grows. The hottest share, formatted.
    /// </summary>
    private static string PrintPartitions(StorageRoundTrips roundTrips)
    {
        var writes = roundTrips.Tables.WritesByPartition.Concat(roundTrips.Blobs.WritesByPartition).ToList();
        var total = writes.Sum(w => w.Value);
        if (total == 0)
        {
            return "n/a";
        }

        string Share(long count) => ((double)count / total).ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine($"writes (entities and blobs): {total} in {writes.Count} partitions");
        foreach (var table in writes.GroupBy(w => w.Key[..w.Key.IndexOf('/', StringComparison.Ordinal)]).OrderByDescending(g => g.Sum(w => w.Value)))
        {
            var hottest = table.MaxBy(w => w.Value);
            Console.WriteLine($"  {table.Key}: {table.Sum(w => w.Value)} writes ({Share(table.Sum(w => w.Value))}) in {table.Count()} partitions, hottest {hottest.Key} {hottest.Value} ({Share(hottest.Value)})");
        }

        var top = writes.MaxBy(w => w.Value);
        Console.WriteLine($"hottest partition: {top.Key} {top.Value} writes of {total}");
        return Share(top.Value);
    }

    /// <summary>Posts at <paramref name="rate"/> per second for <paramref name="seconds"/>, each on schedule whether or not earlier ones have answered.</summary>
    private static async Task<IReadOnlyList<Post>> RunAtRateAsync(Traffic traffic, LoadMix mix, double rate, int seconds, string run, CancellationToken cancellationToken)
    {
        var kinds = mix.Sequence((int)Math.Round(rate * seconds));
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task<Post>>(kinds.Count);
        for (var i = 0; i < kinds.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            inFlight.Add(traffic.SendAsync(kinds[i], $"{run}-{i}", cancellationToken));
        }

        return await Task.WhenAll(inFlight);
    }

    private static async Task<TimeSpan> BurstAsync(Traffic traffic, TicketWatch tickets, int count, CancellationToken cancellationToken)
    {
        var posts = new ConcurrentBag<Post>();
        var next = -1;
        var started = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, BurstConcurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                posts.Add(await traffic.SendAsync(LoadKind.Web, $"burst-{next}", cancellationToken));
            }
        }, cancellationToken)));
        // A ticket is through once its acknowledgement is recorded, the pipeline's last step.
        var done = await tickets.WaitForAsync([.. posts.Where(p => p.Reference is not null)], TimelineEventTypes.Acknowledged, cancellationToken);
        return done.Count == 0 ? TimeSpan.MaxValue : done.Values.Max() - started;
    }

    /// <summary>Waits for the queues to drain, so every step's storage work (notifications included) is counted.</summary>
    private static async Task SettleAsync(InProcessHost? host, CancellationToken cancellationToken)
    {
        if (host is null)
        {
            return;
        }

        var deadline = DateTime.UtcNow + SettleTimeout;
        while (!await host.QueuesEmptyAsync(cancellationToken) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, cancellationToken);
        }

        // The last message's handler may still be finishing its writes after the message left the queue's count.
        await Task.Delay(1000, cancellationToken);
    }

    private static string Ms(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>When each ticket was assigned, from the store directly (in process, uncounted) or from the staff API.</summary>
    private sealed class TicketWatch(HttpClient http, InProcessHost? host)
    {
        public async Task<Dictionary<string, DateTimeOffset>> WaitForAsync(IReadOnlyList<Post> accepted, string eventType, CancellationToken cancellationToken)
        {
            var assigned = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var deadline = DateTime.UtcNow + SettleTimeout;
            while (assigned.Count < accepted.Count && DateTime.UtcNow < deadline)
            {
                foreach (var post in accepted.Where(p => !assigned.ContainsKey(p.Reference!)))
                {
                    if (await EventAtAsync(post.Reference!, eventType, cancellationToken) is { } at)
                    {
                        assigned[post.Reference!] = at;
                    }
                }

                if (assigned.Count < accepted.Count)
                {
                    await Task.Delay(250, cancellationToken);
                }
            }

            return assigned;
        }

        /// <summary>The voicemail tickets in the store, and how many of them are assigned (in process only).</summary>
        public async Task<(int Tickets, int Assigned)> VoiceTicketsAsync(CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + SettleTimeout;
            while (true)
            {
                var (count, assigned) = (0, 0);
                string? continuation = null;
                do
                {
                    var page = await host!.Tickets.ListAsync(new TicketQuery { Channel = Channel.Voice, PageSize = 500, Continuation = continuation }, cancellationToken);
                    count += page.Items.Count;
                    assigned += page.Items.Count(t => t.Assignee is not null);
                    continuation = page.Continuation;
                }
                while (continuation is not null);

                if (assigned == count || DateTime.UtcNow > deadline)
                {
                    return (count, assigned);
                }

                await Task.Delay(250, cancellationToken);
            }
        }

        private async Task<DateTimeOffset?> EventAtAsync(string reference, string eventType, CancellationToken cancellationToken)
        {
            if (host is not null)
            {
                var ticket = await host.Tickets.GetAsync(reference, cancellationToken);
                return ticket?.Timeline.FirstOrDefault(e => e.Type == eventType)?.At;
            }

            using var response = await http.GetAsync($"/api/tickets/{reference}", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            var at = body?["timeline"]?.AsArray().FirstOrDefault(e => e?["type"]?.GetValue<string>() == eventType)?["at"]?.GetValue<DateTimeOffset>();
            return at;
        }
    }
}
