using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Support.Web.Pages;

/// <summary>
/// A fixed one-minute window per client IP for the public web form, in memory: cheap, and enough to
/// stop one address flooding intake. With several app instances each counts on its own.
/// </summary>
public sealed class WebFormRateLimit(IOptions<WebFormOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int PruneAbove = 10_000;

    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Counts a post from <paramref name="client"/>; null when allowed, otherwise how long until the next window.</summary>
    public TimeSpan? TryAcquire(string client)
    {
        var now = time.GetUtcNow();
        var limit = Math.Max(1, options.Value.RateLimitPerMinute);
        lock (_lock)
        {
            if (_windows.Count > PruneAbove)
            {
                foreach (var stale in _windows.Where(w => now - w.Value.Start >= Window).Select(w => w.Key).ToList())
                {
                    _windows.Remove(stale);
                }
            }

            if (!_windows.TryGetValue(client, out var window) || now - window.Start >= Window)
            {
                window = (now, 0);
            }

            if (window.Count >= limit)
            {
                _windows[client] = window;
                return window.Start + Window - now;
            }

            _windows[client] = (window.Start, window.Count + 1);
            return null;
        }
    }

    /// <summary>The key a request is counted under: its client IP.</summary>
    public string ClientOf(HttpRequest request)
    {
        if (options.Value.TrustForwardedFor
            && request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is [.., var last])
        {
            return IPEndPoint.TryParse(last, out var endpoint) ? endpoint.Address.ToString() : last;
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
