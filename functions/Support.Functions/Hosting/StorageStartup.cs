using Microsoft.Extensions.Hosting;
using Support.Adapters.Storage;

namespace Support.Functions.Hosting;

/// <summary>Creates the app's tables and containers before the first trigger runs (the template creates none).</summary>
public sealed class StorageStartup(StorageProvisioner provisioner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => provisioner.EnsureAsync([], cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
