using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Support.Adapters.Storage;

/// <summary>
/// Counts the requests a storage client sends (retries included), as the SDK really made them; with
/// <see cref="TallyByTarget"/> on (the load command turns it on), also how many, how long and how many
/// bytes per method and target, which the running app has no use for on every request.
/// </summary>
public sealed class RoundTripCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, TargetTally> _byTarget = new(StringComparer.Ordinal);

    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public bool TallyByTarget { get; set; }

    /// <summary>The requests by method and table, container or queue ("PUT sladue"), to see where a ticket's round-trips go.</summary>
    public IReadOnlyDictionary<string, RequestTally> ByTarget =>
        _byTarget.ToDictionary(t => t.Key, t => t.Value.Snapshot(), StringComparer.Ordinal);

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        _byTarget.Clear();
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
        _byTarget.GetOrAdd($"{message.Request.Method} {Target(message.Request.Uri.Path)}", _ => new TargetTally())
            .Add(Stopwatch.GetElapsedTime(started), bytes);
    }

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
