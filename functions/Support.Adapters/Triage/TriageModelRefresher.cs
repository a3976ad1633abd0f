using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Adapters.Storage;
using Support.Core.Ports;
using Support.Core.Triage;

namespace Support.Adapters.Triage;

/// <summary>
/// Loads the newest accepted triage model from Blob Storage at start and then every
/// <c>Triage__ModelRefreshMinutes</c>, so a model the weekly retrain (on any instance) stored
/// reaches every instance. Until one exists, or while storage is unreachable, the current model stays.
/// </summary>
public sealed class TriageModelRefresher(
    TriageModelHolder models,
    BlobTriageModelStore store,
    IOptions<TriageOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<TriageModelRefresher> logger) : BackgroundService
{
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await store.LoadNewestAsync(models.Current.Info.Version, cancellationToken) is { } newer)
            {
                models.Use(newer);
                logger.LogInformation("Triage model {Version} loaded from storage", newer.Info.Version);
            }
        }
        catch (Exception ex) when (StorageFaults.IsUnavailable(ex) || ex is StorageUnavailableException)
        {
            // An outage is not news to whoever reads this: one line, not the client's retry story.
            logger.LogWarning("Triage model refresh: storage unreachable ({Reason}); model {Version} stays", ex.GetType().Name, models.Current.Info.Version);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Triage model refresh failed; model {Version} stays", models.Current.Info.Version);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Everything before the first await runs inside the host's start, before it answers anything: yield first, so
        // the built-in model and the sentence encoder load beside the start rather than in front of it, and are ready
        // (or nearly) when the first inquiry is triaged.
        await Task.Yield();
        _ = models.Current;
        _ = SentenceEmbedder.Shared;

        // Storage may come up with the host (the local host starts Azurite in a hosted service of its own).
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await RefreshAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, options.Value.ModelRefreshMinutes)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RefreshAsync(stoppingToken);
        }
    }
}
