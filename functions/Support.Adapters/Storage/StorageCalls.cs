using System.Net.Http;
using System.Net.Sockets;
using Azure;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>Turns "storage cannot be reached" into one exception type the hosts map to 503 or a retry.</summary>
internal static class StorageCalls
{
    public static async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (StorageFaults.IsUnavailable(ex))
        {
            throw new StorageUnavailableException("Storage is unavailable.", ex);
        }
    }

    public static async Task Run(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception ex) when (StorageFaults.IsUnavailable(ex))
        {
            throw new StorageUnavailableException("Storage is unavailable.", ex);
        }
    }
}

public static class StorageFaults
{
    /// <summary>True for faults that say "storage cannot be reached right now", as opposed to a bad request.</summary>
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        RequestFailedException { Status: 0 or >= 500 } => true,
        RequestFailedException { Status: 408 or 429 } => true,
        StorageUnavailableException => true,
        HttpRequestException or SocketException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnavailable),
        _ => ex.InnerException is { } inner && IsUnavailable(inner),
    };
}
