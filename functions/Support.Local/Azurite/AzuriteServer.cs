using System.Diagnostics;
using System.Net.Sockets;

namespace Support.Local.Azurite;

/// <summary>
/// Azurite, installed from npm into the repository's <c>tools/</c> folder at the version pinned
/// in <c>tools/package-lock.json</c>, and started as a child process that stops with its owner.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private readonly Process _process;

    private string? _scratchFolder;

    private AzuriteServer(Process process, StorageEndpoints endpoints)
    {
        _process = process;
        Endpoints = endpoints;
    }

    public StorageEndpoints Endpoints { get; }

    public int ProcessId => _process.Id;

    /// <summary>
    /// An Azurite of the caller's own, for tests and benchmarks: free ports and a fresh data folder,
    /// which goes with the server when it is disposed.
    /// </summary>
    public static async Task<AzuriteServer> StartScratchAsync(TextWriter? log, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "support-azurite-" + Guid.NewGuid().ToString("N"));
        var endpoints = StorageEndpoints.ForPorts(Loopback.FreePort(), Loopback.FreePort(), Loopback.FreePort());
        var server = await StartAsync(Hosting.RepoRoot.Find(), endpoints, folder, log, cancellationToken);
        server._scratchFolder = folder;
        return server;
    }

    public static async Task<AzuriteServer> StartAsync(string repoRoot, StorageEndpoints endpoints, string dataFolder, TextWriter? log, CancellationToken cancellationToken)
    {
        var entry = await EnsureInstalledAsync(repoRoot, log, cancellationToken);
        Directory.CreateDirectory(dataFolder);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            entry, "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
            "--location", dataFolder,
            "--blobHost", "127.0.0.1", "--blobPort", endpoints.Blob.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", endpoints.Queue.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", endpoints.Table.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log?.WriteLine($"azurite: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new AzuriteServer(process, endpoints);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await AllListeningAsync(endpoints, cancellationToken))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening on ports {string.Join(", ", endpoints.Ports)}.");
            }

            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"Azurite did not listen on ports {string.Join(", ", endpoints.Ports)} within 60 s.");
            }

            await Task.Delay(100, cancellationToken);
        }

        return server;
    }

    public static async Task<bool> AllListeningAsync(StorageEndpoints endpoints, CancellationToken cancellationToken)
    {
        foreach (var port in endpoints.Ports)
        {
            if (!await IsListeningAsync(port, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Installs Azurite with <c>npm ci</c> when it is missing; returns its entry script.</summary>
    public static async Task<string> EnsureInstalledAsync(string repoRoot, TextWriter? log, CancellationToken cancellationToken)
    {
        var tools = Path.Combine(repoRoot, "tools");
        var entry = Path.Combine(tools, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(entry))
        {
            return entry;
        }

        // Two hosts (a run and a test run) may start at once; one installs, the other waits for it.
        using var installLock = await AcquireLockAsync(Path.Combine(tools, ".install.lock"), cancellationToken);
        if (File.Exists(entry))
        {
            return entry;
        }

        log?.WriteLine("Installing Azurite into tools/ (first run only)…");
        var npm = new ProcessStartInfo("npm") { WorkingDirectory = tools, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            npm.ArgumentList.Add(arg);
        }

        using var process = Process.Start(npm) ?? throw new InvalidOperationException("npm could not be started; install Node.js and npm.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || !File.Exists(entry))
        {
            throw new InvalidOperationException($"npm ci in tools/ failed ({process.ExitCode}): {await stderr}");
        }

        return entry;
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_scratchFolder is not null && Directory.Exists(_scratchFolder))
        {
            Directory.Delete(_scratchFolder, recursive: true);
        }
    }
}
