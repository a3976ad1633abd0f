using System.Globalization;

namespace Support.Benchmarks.Load;

/// <summary>
/// <c>load [--rate 20] [--seconds 60] [--burst rate×10] [--mix default|web=3,email=2,…] [--people 10 --cap 200 --open 1000]
/// [--url http://host:port --key adminKey]</c>. <c>--people</c> replaces the sample roster with that many people (half
/// first level, half technical, working around the clock, each with <c>--cap</c> active tickets at most) and
/// <c>--open</c> stores that many open tickets among them before the run (both need the in-process host).
/// </summary>
public sealed record LoadOptions(double Rate, int Seconds, int Burst, Uri? Url, string? Key, LoadMix Mix, int People, int Cap, int Open)
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
        var mix = LoadMix.WebOnly;
        int people = 0, cap = 200, open = 0;
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
                case "--mix" when value is not null && LoadMix.Parse(value) is { } m:
                    mix = m;
                    i++;
                    break;
                case "--people" when int.TryParse(value, CultureInfo.InvariantCulture, out var p) && p >= 2:
                    people = p;
                    i++;
                    break;
                case "--cap" when int.TryParse(value, CultureInfo.InvariantCulture, out var c) && c > 0:
                    cap = c;
                    i++;
                    break;
                case "--open" when int.TryParse(value, CultureInfo.InvariantCulture, out var o) && o >= 0:
                    open = o;
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
                    error.WriteLine("usage: load [--rate 20] [--seconds 60] [--burst <n>] [--mix default|web=3,email=2,reply=2,voice=1,staff=1,status=1] [--people 10 --cap 200 --open 1000] [--url http://host:port --key <integration key>]");
                    return null;
            }
        }

        if (url is not null && string.IsNullOrEmpty(key))
        {
            error.WriteLine("load: --url needs an integration key of the host (--key or the SUPPORT_INTEGRATION_KEY environment variable)");
            return null;
        }

        if (url is not null && (people > 0 || open > 0 || mix != LoadMix.WebOnly))
        {
            error.WriteLine("load: --mix, --people and --open drive the in-process host only (they need its roster, keys and storage)");
            return null;
        }

        if (open > 0 && people == 0)
        {
            error.WriteLine("load: --open needs --people (the open tickets are spread over that roster)");
            return null;
        }

        return new LoadOptions(rate, seconds, burst ?? (int)Math.Ceiling(rate * BurstSeconds), url, key, mix, people, cap, open);
    }
}
