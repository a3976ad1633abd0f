using Azure.Core;
using Azure.Core.Pipeline;

namespace Support.Adapters.Storage;

/// <summary>Counts the requests a storage client sends (retries included), as the SDK really made them.</summary>
public sealed class RoundTripCounter : HttpPipelinePolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _count);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _count);
        return ProcessNextAsync(message, pipeline);
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
