using System.Diagnostics;
using Support.Local.Azurite;
using Support.Local.Hosting;

namespace Support.IntegrationTests.Reliability;

/// <summary>
/// An Azurite of the test's own, on free ports with its own data folder, that the test may stop and
/// start again (same ports, same data) without disturbing the shared one.
/// </summary>
public sealed class OwnStorage : IAsyncDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "support-reliability-" + Guid.NewGuid().ToString("N"));
    private AzuriteServer? _server;

    private OwnStorage(StorageEndpoints endpoints) => Endpoints = endpoints;

    public StorageEndpoints Endpoints { get; }

    public string ConnectionString => Endpoints.ConnectionString;

    public static async Task<OwnStorage> StartAsync()
    {
        var storage = new OwnStorage(StorageEndpoints.ForPorts(Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort()));
        await storage.RestartAsync();
        return storage;
    }

    /// <summary>Starts Azurite again on the same ports and data folder.</summary>
    public async Task RestartAsync() =>
        _server = await AzuriteServer.StartAsync(RepoRoot.Find(), Endpoints, _dataFolder, log: null, CancellationToken.None);

    /// <summary>
    /// Stops Azurite the way an outage does: connections refused until it is back. It is asked to stop
    /// (SIGTERM) rather than killed, so it keeps what it acknowledged, as real storage does.
    /// </summary>
    public async Task StopAsync()
    {
        if (_server is not { } server)
        {
            return;
        }

        _server = null;
        using (var kill = Process.Start("kill", ["-TERM", server.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await AzuriteServer.IsListeningAsync(Endpoints.Table.Port, CancellationToken.None) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await server.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }
}
