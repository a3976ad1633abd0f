using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Support.Adapters.Storage;

/// <summary>
/// Counts the requests a storage client sends (retries included), as the SDK really made them; with
/// <see cref="TallyByTarget"/> on (the load command turns it on), also how many, how long and how many
/// bytes per method and target, and how many entities (or blobs) each partition had written, which the
/// running app has no use for on every request.
/// </summary>
public sealed partial class RoundTripCounter : HttpPipelinePolicy
{
    private static readonly HashSet<string> WriteMethods = new(["POST", "PUT", "MERGE", "PATCH", "DELETE"], StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, TargetTally> _byTarget = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _writesByPartition = new(StringComparer.Ordinal);

    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public bool TallyByTarget { get; set; }

    /// <summary>The requests by method and table, container or queue ("PUT sladue"), to see where a ticket's round-trips go.</summary>
    public IReadOnlyDictionary<string, RequestTally> ByTarget =>
        _byTarget.ToDictionary(t => t.Key, t => t.Value.Snapshot(), StringComparer.Ordinal);

    /// <summary>
    /// Entities written (inserted, updated or deleted; each operation of a batch counts) per "table/partition",
    /// and blobs written per "container/blob" (a blob is its own partition): what a partition's throughput
    /// target counts. Queue messages are the transport (Service Bus in Azure) and are not partitions here.
    /// </summary>
    public IReadOnlyDictionary<string, long> WritesByPartition => _writesByPartition.ToDictionary(StringComparer.Ordinal);

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        _byTarget.Clear();
        _writesByPartition.Clear();
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            Tally(message, started);
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        finally
        {
            Tally(message, started);
        }
    }

    private void Tally(HttpMessage message, long started)
    {
        Interlocked.Increment(ref _count);
        if (!TallyByTarget)
        {
            return;
        }

        var bytes = message.Request.Content is { } content && content.TryComputeLength(out var length) ? length : 0;
        var target = Target(message.Request.Uri.Path);
        _byTarget.GetOrAdd($"{message.Request.Method} {target}", _ => new TargetTally())
            .Add(Stopwatch.GetElapsedTime(started), bytes);
        if (WriteMethods.Contains(message.Request.Method.Method) && message.HasResponse && message.Response.Status < 400)
        {
            foreach (var (partition, entities) in WrittenPartitions(message.Request, target))
            {
                _writesByPartition.AddOrUpdate(partition, entities, (_, n) => n + entities);
            }
        }
    }

    /// <summary>
    /// The partitions a write request wrote to: the key in the path (update, delete; a blob's name), or in the
    /// body (an insert's JSON; a batch's operations, all in one partition, each operation one entity).
    /// </summary>
    private static IEnumerable<(string Partition, long Entities)> WrittenPartitions(Request request, string target)
    {
        var path = Uri.UnescapeDataString(request.Uri.Path);
        if (KeyInPath().Match(path) is { Success: true } key)
        {
            yield return ($"{target}/{key.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)}", 1);
        }
        else if (request.Method == RequestMethod.Put)
        {
            // A blob (a table's PUT always names its entity): its container and name are its partition. Its body is
            // not read, since an upload's stream may be spent.
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipWhile(s => s.StartsWith("devstoreaccount", StringComparison.Ordinal));
            yield return (string.Join('/', segments), 1);
        }
        else if (request.Method == RequestMethod.Post && request.Content is not null)
        {
            var body = Body(request);
            if (target == "$batch")
            {
                var operations = BatchOperation().Matches(body);
                var partition = KeyInPath().Match(body) is { Success: true } inUri ? inUri.Groups[1].Value : KeyInJson().Match(body).Groups[1].Value;
                if (operations.Count > 0)
                {
                    yield return ($"{operations[0].Groups[1].Value}/{partition}", operations.Count);
                }
            }
            else if (KeyInJson().Match(body) is { Success: true } inserted)
            {
                yield return ($"{target}/{inserted.Groups[1].Value}", 1);
            }
        }
    }

    private static string Body(Request request)
    {
        if (request.Content is not { } content)
        {
            return string.Empty;
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    [GeneratedRegex(@"PartitionKey='((?:[^']|'')*)'")]
    private static partial Regex KeyInPath();

    [GeneratedRegex(@"""PartitionKey""\s*:\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex KeyInJson();

    /// <summary>One line per operation of a batch's change set: its method and the table it names.</summary>
    [GeneratedRegex(@"^(?:POST|PUT|MERGE|PATCH|DELETE) https?://[^ ]*?/([A-Za-z0-9]+)[( ?]", RegexOptions.Multiline)]
    private static partial Regex BatchOperation();

    /// <summary>The table, container or queue a path names, without the entity key or blob name (and the account segment Azurite puts first).</summary>
    private static string Target(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var name = segments.Length > 1 && segments[0].StartsWith("devstoreaccount", StringComparison.Ordinal) ? segments[1] : segments.FirstOrDefault() ?? "-";
        var key = name.IndexOf('(', StringComparison.Ordinal);
        return key < 0 ? name : name[..key];
    }
}

/// <summary>How many requests went to one target, how long they took and how many bytes they sent, summed.</summary>
public sealed record RequestTally(long Count, TimeSpan Time, long Bytes);

internal sealed class TargetTally
{
    private long _count;
    private long _ticks;
    private long _bytes;

    public void Add(TimeSpan elapsed, long bytes)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _ticks, elapsed.Ticks);
        Interlocked.Add(ref _bytes, bytes);
    }

    public RequestTally Snapshot() => new(Interlocked.Read(ref _count), TimeSpan.FromTicks(Interlocked.Read(ref _ticks)), Interlocked.Read(ref _bytes));
}

/// <summary>One counter per storage service, for benchmarks and the load command.</summary>
public sealed class StorageRoundTrips
{
    public RoundTripCounter Tables { get; } = new();

    public RoundTripCounter Blobs { get; } = new();

    public RoundTripCounter Queues { get; } = new();

    /// <summary>Table and blob requests: what a ticket costs in storage (queues are transport, Service Bus in Azure).</summary>
    public long Storage => Tables.Count + Blobs.Count;

    /// <summary>Turns on every counter's tally by target.</summary>
    public void TallyByTargets() => Tables.TallyByTarget = Blobs.TallyByTarget = Queues.TallyByTarget = true;

    public void Reset()
    {
        Tables.Reset();
        Blobs.Reset();
        Queues.Reset();
    }
}
