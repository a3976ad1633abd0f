using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Support.Adapters.Storage;

/// <summary>Counts the requests a storage client sends (retries included), as the SDK really made them.</summary>
public sealed class RoundTripCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, long> _byTarget = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, long> _ticksByTarget = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, long> _bytesByTarget = new(StringComparer.Ordinal);

    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>The requests by method and table, container or queue ("PUT sladue"), to see where a ticket's round-trips go.</summary>
    public IReadOnlyDictionary<string, long> ByTarget => new Dictionary<string, long>(_byTarget, StringComparer.Ordinal);

    /// <summary>The bytes the requests of each target sent, summed.</summary>
    public IReadOnlyDictionary<string, long> BytesByTarget => new Dictionary<string, long>(_bytesByTarget, StringComparer.Ordinal);

    /// <summary>The time the requests of each target took, answer included, summed.</summary>
    public IReadOnlyDictionary<string, TimeSpan> TimeByTarget => _ticksByTarget.ToDictionary(t => t.Key, t => TimeSpan.FromTicks(t.Value), StringComparer.Ordinal);

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        _byTarget.Clear();
        _ticksByTarget.Clear();
        _bytesByTarget.Clear();
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
        var target = $"{message.Request.Method} {Target(message.Request.Uri.Path)}";
        _byTarget.AddOrUpdate(target, 1, (_, n) => n + 1);
        var elapsed = Stopwatch.GetElapsedTime(started).Ticks;
        _ticksByTarget.AddOrUpdate(target, elapsed, (_, t) => t + elapsed);
        var bytes = message.Request.Content is { } content && content.TryComputeLength(out var length) ? length : 0;
        _bytesByTarget.AddOrUpdate(target, bytes, (_, b) => b + bytes);
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

/// <summary>One counter per storage service, for benchmarks and the load command.</summary>
public sealed class StorageRoundTrips
{
    public RoundTripCounter Tables { get; } = new();

    public RoundTripCounter Blobs { get; } = new();

    public RoundTripCounter Queues { get; } = new();

    /// <summary>Table and blob requests: what a ticket costs in storage (queues are transport, Service Bus in Azure).</summary>
    public long Storage => Tables.Count + Blobs.Count;

    public void Reset()
    {
        Tables.Reset();
        Blobs.Reset();
        Queues.Reset();
    }
}
