using Support.Local.Azurite;
using Xunit;

[assembly: AssemblyFixture(typeof(Support.IntegrationTests.AzuriteFixture))]

namespace Support.IntegrationTests;

/// <summary>A real Azurite for the whole test run, installed (if needed) and started on free ports with its own data folder.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    public StorageEndpoints Endpoints => _server?.Endpoints ?? throw new InvalidOperationException("Azurite is not running.");

    public string ConnectionString => Endpoints.ConnectionString;

    /// <summary>The local host most tests share; tests keep apart by using their own requesters.</summary>
    public LocalHostFactory Host => _host ?? throw new InvalidOperationException("The host is not running.");

    private LocalHostFactory? _host;

    public async ValueTask InitializeAsync()
    {
        _server = await AzuriteServer.StartScratchAsync(log: null, CancellationToken.None);
        _host = new LocalHostFactory(ConnectionString);
        _ = _host.Server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
