using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Support.Adapters.Twilio;
using Support.Local.Azurite;
using Support.Local.Hosting;

namespace Support.Benchmarks;

/// <summary>
/// <c>-- twiml [--requests N] [--concurrency C] [--url U] [--token T]</c>: signed
/// <c>POST /api/voice/incoming</c> requests, as Twilio sends them, against the local host, which it
/// starts in process (with its own Azurite) unless <c>--url</c> names a running one. With
/// <c>--url</c>, the auth token and public URL default to local.settings.json, as that host reads them.
/// </summary>
public sealed class TwimlCommand : IBenchmarkCommand
{
    private const string Path = "/api/voice/incoming";
    private const string UkLine = "+442079460100";
    private const int WarmUpRequests = 50;

    public string Name => "twiml";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new ConfigurationBuilder().AddCommandLine(args).Build();
        var requests = int.Parse(options["requests"] ?? "2000", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(options["concurrency"] ?? "8", CultureInfo.InvariantCulture);

        await using var target = options["url"] is { } url
            ? Target.Running(url, options["token"])
            : await Target.StartAsync(cancellationToken);

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(target.Url),
            Timeout = TimeSpan.FromSeconds(15),
        };
        Console.WriteLine($"twiml: {requests} signed POST {Path} to {target.Url}, {concurrency} at a time (after {WarmUpRequests} warm-up requests)");

        await DriveAsync(client, target, WarmUpRequests, concurrency, cancellationToken);
        var clock = Stopwatch.StartNew();
        var (latencies, failures) = await DriveAsync(client, target, requests, concurrency, cancellationToken);
        clock.Stop();

        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"twiml: {requests / clock.Elapsed.TotalSeconds:F0} requests/s, min {latencies[0]:F2} ms, max {latencies[^1]:F2} ms, {failures} failed"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"incoming_p50_ms={Percentile(latencies, 50):F2} incoming_p99_ms={Percentile(latencies, 99):F2} n={requests}"));
        return failures == 0 ? 0 : 1;
    }

    private static async Task<(double[] Latencies, int Failures)> DriveAsync(HttpClient client, Target target, int requests, int concurrency, CancellationToken cancellationToken)
    {
        var latencies = new double[requests];
        var failures = 0;
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < requests; i = Interlocked.Increment(ref next))
            {
                using var request = target.SignedIncomingCall(i);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK || !body.Contains("<Response>", StringComparison.Ordinal))
                {
                    if (Interlocked.Increment(ref failures) == 1)
                    {
                        Console.Error.WriteLine($"twiml: {(int)response.StatusCode} {body}");
                    }
                }
            }
        });
        await Task.WhenAll(workers);
        return (latencies, failures);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>The host under test: its URL, the token and public URL it checks signatures with, and what to stop afterwards.</summary>
    private sealed class Target(string url, string authToken, string publicBaseUrl, WebApplication? app, AzuriteServer? azurite) : IAsyncDisposable
    {
        public string Url => url;

        public static Target Running(string url, string? token)
        {
            var settings = new ConfigurationBuilder().AddLocalSettings(RepoRoot.Find()).Build();
            return new Target(
                url,
                token ?? settings["Twilio:AuthToken"] ?? throw new InvalidOperationException("Pass --token: no Twilio__AuthToken in local.settings.json."),
                settings["PublicBaseUrl"] ?? url,
                null,
                null);
        }

        public static async Task<Target> StartAsync(CancellationToken cancellationToken)
        {
            var azurite = await AzuriteServer.StartScratchAsync(Console.Error, cancellationToken);
            var url = $"http://127.0.0.1:{Loopback.FreePort()}";
            var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            var app = LocalHost.Build(
            [
                $"--urls={url}",
                $"--Storage={azurite.Endpoints.ConnectionString}",
                "--Local:StartAzurite=false",
                "--Slack:BotToken=",
                $"--Twilio:AuthToken={token}",
                $"--PublicBaseUrl={url}",

                // Request logging would measure the console, not the route.
                "--Logging:LogLevel:Default=Warning",
            ]);
            await app.StartAsync(cancellationToken);
            return new Target(url, token, url, app, azurite);
        }

        public HttpRequestMessage SignedIncomingCall(int index)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new("AccountSid", "AC" + new string('0', 32)),
                new("CallSid", "CA" + Guid.NewGuid().ToString("N")),
                new("CallStatus", "ringing"),
                new("Direction", "inbound"),
                new("From", "+44207946" + (index % 1000).ToString("D4", CultureInfo.InvariantCulture)),
                new("To", UkLine),
            };
            var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add(TwilioSignature.Header, TwilioSignature.Compute(authToken, publicBaseUrl.TrimEnd('/') + Path, form));
            return request;
        }

        public async ValueTask DisposeAsync()
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
        }
    }
}
