using System.Globalization;

namespace Support.Benchmarks.Load;

/// <summary>What one scheduled event of the load is.</summary>
public enum LoadKind
{
    /// <summary>A new ticket from the web form.</summary>
    Web,

    /// <summary>A new ticket from a customer's mail (SendGrid Inbound Parse, raw mode).</summary>
    Email,

    /// <summary>The customer answering an earlier mail of theirs: it threads into that ticket.</summary>
    Reply,

    /// <summary>A voicemail: Twilio's recording and transcription callbacks, and later the recording fetched.</summary>
    Voice,

    /// <summary>A staff reply to the customer (which sets the ticket Pending).</summary>
    Staff,

    /// <summary>A staff status change (Solved).</summary>
    Status,
}

/// <summary>
/// <c>--mix web=3,email=2,reply=2,voice=1,staff=1,status=1</c> (or <c>--mix default</c>, those weights): how many of
/// each kind per round. The kinds are interleaved evenly (smooth weighted round robin), so every second of the run
/// has the same mix.
/// </summary>
public sealed record LoadMix(IReadOnlyDictionary<LoadKind, int> Weights)
{
    public static LoadMix WebOnly { get; } = new(new Dictionary<LoadKind, int> { [LoadKind.Web] = 1 });

    public static LoadMix Default { get; } = new(new Dictionary<LoadKind, int>
    {
        [LoadKind.Web] = 3,
        [LoadKind.Email] = 2,
        [LoadKind.Reply] = 2,
        [LoadKind.Voice] = 1,
        [LoadKind.Staff] = 1,
        [LoadKind.Status] = 1,
    });

    public static LoadMix? Parse(string text)
    {
        if (text == "default")
        {
            return Default;
        }

        var weights = new Dictionary<LoadKind, int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=');
            if (pair.Length != 2 || !Enum.TryParse<LoadKind>(pair[0], ignoreCase: true, out var kind)
                || !int.TryParse(pair[1], CultureInfo.InvariantCulture, out var weight) || weight < 0)
            {
                return null;
            }

            weights[kind] = weight;
        }

        return weights.Values.Sum() > 0 ? new LoadMix(weights) : null;
    }

    /// <summary>The first <paramref name="count"/> events, kinds interleaved.</summary>
    public IReadOnlyList<LoadKind> Sequence(int count)
    {
        var total = Weights.Values.Sum();
        var credit = Weights.Keys.ToDictionary(k => k, _ => 0);
        var kinds = new List<LoadKind>(count);
        for (var i = 0; i < count; i++)
        {
            foreach (var (kind, weight) in Weights)
            {
                credit[kind] += weight;
            }

            var next = credit.OrderByDescending(c => c.Value).ThenBy(c => c.Key).First().Key;
            credit[next] -= total;
            kinds.Add(next);
        }

        return kinds;
    }

    public bool IsNewTicket(LoadKind kind) => kind is LoadKind.Web or LoadKind.Email or LoadKind.Voice;

    public override string ToString() =>
        string.Join(",", Weights.Where(w => w.Value > 0).Select(w => $"{w.Key.ToString().ToLowerInvariant()}={w.Value.ToString(CultureInfo.InvariantCulture)}"));
}
