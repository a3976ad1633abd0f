using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Support.Adapters.Storage;
using Support.Core.Ports;
using Support.Core.Triage.Evaluation;

namespace Support.Adapters.Triage;

/// <summary>
/// Versioned triage models in Blob Storage: <c>triage-models/models/&lt;version&gt;.zip</c>, written
/// once each and only when accepted, so the newest name is the model to use. Labelled sets for the
/// retrain in Azure live beside them as <c>training/*.jsonl</c>.
/// </summary>
public sealed class BlobTriageModelStore(BlobServiceClient service)
{
    private const string ModelPrefix = "models/";
    private const string TrainingPrefix = "training/";

    private BlobContainerClient Container => service.GetBlobContainerClient(BlobContainers.TriageModels);

    public async Task<string> SaveAsync(TriageModel model, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        model.Save(buffer, new Microsoft.ML.MLContext(seed: 1));
        buffer.Position = 0;
        var name = $"{ModelPrefix}{model.Info.Version}.zip";
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await StorageCalls.Run(() => Container.GetBlobClient(name).UploadAsync(buffer, overwrite: false, cancellationToken));
        return name;
    }

    /// <summary>The newest accepted model, or null when none was ever written (the built-in model applies).</summary>
    public async Task<TriageModel?> LoadNewestAsync(string? unlessVersion, CancellationToken cancellationToken)
    {
        string? newest = null;
        try
        {
            await foreach (var blob in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = ModelPrefix }, cancellationToken))
            {
                newest = newest is null || string.CompareOrdinal(blob.Name, newest) > 0 ? blob.Name : newest;
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        if (newest is null || newest == $"{ModelPrefix}{unlessVersion}.zip")
        {
            return null;
        }

        var content = await StorageCalls.Run(() => Container.GetBlobClient(newest).DownloadContentAsync(cancellationToken));
        using var stream = content.Value.Content.ToStream();
        return TriageModel.Load(stream);
    }

    /// <summary>The labelled rows of every <c>training/*.jsonl</c> blob; a bad row is reported and skipped.</summary>
    public async Task<IReadOnlyList<LabelledInquiry>> ReadTrainingSetsAsync(Action<string> report, CancellationToken cancellationToken)
    {
        var rows = new List<LabelledInquiry>();
        try
        {
            await foreach (var blob in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = TrainingPrefix }, cancellationToken))
            {
                var content = await StorageCalls.Run(() => Container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken));
                rows.AddRange(TriageTrainingSet.ParseLines(content.Value.Content.ToString().Split('\n'), blob.Name, report));
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // No container yet: nothing uploaded.
        }

        return rows;
    }
}
