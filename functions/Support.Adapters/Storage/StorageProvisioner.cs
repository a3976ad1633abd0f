using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// Creates the tables and blob containers the app uses, if missing: the local host runs it at start-up
/// against Azurite. In Azure the template declares them (<c>storage.json</c> beside this file, loaded by
/// <c>infra/modules/storage.bicep</c>), and the Functions app creates nothing.
/// </summary>
public sealed class StorageProvisioner(TableServiceClient tables, BlobServiceClient blobs)
{
    public async Task EnsureAsync(IEnumerable<string> extraTables, CancellationToken cancellationToken)
    {
        // Independent requests, issued together: a cold-started instance waits for one round-trip, not a dozen.
        await Task.WhenAll(
            TableNames.All.Concat(extraTables).Select(table => (Task)tables.CreateTableIfNotExistsAsync(table, cancellationToken))
                .Concat(BlobContainers.All.Select(container => (Task)blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken))));
    }
}
