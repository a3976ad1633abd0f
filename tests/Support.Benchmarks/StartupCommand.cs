using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Support.Benchmarks.Load;
using Support.Local.Azurite;

namespace Support.Benchmarks;

/// <summary>
/// <c>-- startup [--runs 3]</c>: cold start of the local host as its own process (against an Azurite already running,
/// so Azurite's own start is not in it): from process start to the first answer of a route (the first function ready),
/// and to the first inquiry triaged with the triage model (posted as soon as the host answers). Each run is a fresh
/// process; the figures are the median of the runs, the last line machine-readable.
/// </summary>
public sealed class StartupCommand : IBenchmarkCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public string Name => "startup";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var runs = int.Parse(new ConfigurationBuilder().AddCommandLine(args).Build()["runs"] ?? "3", CultureInfo.InvariantCulture);
        await using var azurite = await AzuriteServer.StartScratchAsync(Console.Error, cancellationToken);
        var ready = new List<double>();
        var triaged = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var (readyMs, triagedMs) = await OnceAsync(azurite.Endpoints.ConnectionString, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: first route answered after {readyMs:F0} ms, first inquiry triaged after {triagedMs:F0} ms"));
            ready.Add(readyMs);
            triaged.Add(triagedMs);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready_ms={Percentiles.Of(ready, 50):F0} first_triage_ms={Percentiles.Of(triaged, 50):F0} runs={runs}"));
        return 0;
    }

    private static async Task<(double Ready, double Triaged)> OnceAsync(string storage, CancellationToken cancellationToken)
    {
        var url = $"http://127.0.0.1:{Loopback.FreePort()}";
        var key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Support.Local.exe" : "Support.Local"))
        {
            WorkingDirectory = Support.Local.Hosting.RepoRoot.Find(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--urls", url, "--Storage", storage, "--Local:StartAzurite", "false", "--IntegrationKeys:startup", key, "--Logging:LogLevel:Default", "Warning" })
        {
            start.ArgumentList.Add(arg);
        }

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The local host did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                try
                {
                    using var page = await http.GetAsync("/api/support", cancellationToken);
                    if (page.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                Deadline(clock);
                await Task.Delay(20, cancellationToken);
            }

            var ready = clock.Elapsed.TotalMilliseconds;
            using var posted = await http.PostAsJsonAsync("/api/inquiries/web", new { name = "Startup", email = $"startup.{Guid.NewGuid():N}@example.com", subject = "Cannot log in", message = "The login page says error 500 since this morning." }, cancellationToken);
            posted.EnsureSuccessStatusCode();
            var reference = (await posted.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["reference"]!.GetValue<string>();
            http.DefaultRequestHeaders.Add("x-functions-key", key);
            while (true)
            {
                using var ticket = await http.GetAsync($"/api/tickets/{reference}", cancellationToken);
                if (ticket.IsSuccessStatusCode
                    && (await ticket.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["timeline"]?.AsArray().Any(e => e?["type"]?.GetValue<string>() == "triaged") == true)
                {
                    return (ready, clock.Elapsed.TotalMilliseconds);
                }

                Deadline(clock);
                await Task.Delay(20, cancellationToken);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancellationToken);
        }
    }

    private static void Deadline(Stopwatch clock)
    {
        if (clock.Elapsed > Timeout)
        {
            throw new TimeoutException($"The local host was not ready within {Timeout.TotalSeconds:0} s.");
        }
    }
}
