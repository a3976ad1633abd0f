using System.Globalization;

namespace Support.Benchmarks.Load;

/// <summary><c>load [--rate 20] [--seconds 60] [--burst rate×10] [--url http://host:port --key adminKey]</c>.</summary>
public sealed record LoadOptions(double Rate, int Seconds, int Burst, Uri? Url, string? Key)
{
    /// <summary>
    /// The default burst is this many seconds of the rate: long enough that the time the last ticket
    /// takes to get through (a fixed latency, not throughput) is a small part of it.
    /// </summary>
    private const int BurstSeconds = 10;

    public static LoadOptions? Parse(string[] args, TextWriter error)
    {
        double rate = 20;
        var seconds = 60;
        int? burst = null;
        Uri? url = null;
        string? key = Environment.GetEnvironmentVariable("SUPPORT_INTEGRATION_KEY");
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0:
                    rate = r;
                    i++;
                    break;
                case "--seconds" when int.TryParse(value, CultureInfo.InvariantCulture, out var s) && s > 0:
                    seconds = s;
                    i++;
                    break;
                case "--burst" when int.TryParse(value, CultureInfo.InvariantCulture, out var b) && b >= 0:
                    burst = b;
                    i++;
                    break;
                case "--url" when Uri.TryCreate(value, UriKind.Absolute, out var u):
                    url = u;
                    i++;
                    break;
                case "--key" when !string.IsNullOrEmpty(value):
                    key = value;
                    i++;
                    break;
                default:
                    error.WriteLine($"load: unknown or invalid argument {args[i]}");
                    error.WriteLine("usage: load [--rate 20] [--seconds 60] [--burst <n>] [--url http://host:port --key <integration key>]");
                    return null;
            }
        }

        if (url is not null && string.IsNullOrEmpty(key))
        {
            error.WriteLine("load: --url needs an integration key of the host (--key or the SUPPORT_INTEGRATION_KEY environment variable)");
            return null;
        }

        return new LoadOptions(rate, seconds, burst ?? (int)Math.Ceiling(rate * BurstSeconds), url, key);
    }
}
