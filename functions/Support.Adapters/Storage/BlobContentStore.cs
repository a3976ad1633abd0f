using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Support.Core.Ports;

namespace Support.Adapters.Storage;

public sealed class BlobContentStore(BlobServiceClient service) : IBlobStore
{
    public async Task<string> PutAsync(string container, string name, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        var blob = service.GetBlobContainerClient(container).GetBlobClient(name);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },

            // Content under one name never changes, so a redelivered write is a no-op rather than an overwrite.
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await StorageCalls.Run(() => blob.UploadAsync(content, options, cancellationToken));
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // Already written by an earlier delivery.
        }

        return name;
    }

    public async Task<BinaryData?> GetAsync(string container, string name, CancellationToken cancellationToken)
    {
        var blob = service.GetBlobContainerClient(container).GetBlobClient(name);
        try
        {
            var result = await StorageCalls.Run(() => blob.DownloadContentAsync(cancellationToken));
            // The content type it was stored with travels along: downloads are served with the sender's type.
            return new BinaryData(result.Value.Content.ToMemory(), result.Value.Details.ContentType);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
