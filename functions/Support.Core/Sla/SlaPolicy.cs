using System.Globalization;
using System.Text.Json;
using Support.Core.Calendars;
using Support.Core.Domain;
using Support.Core.Roster;
using Support.Core.Voice;

namespace Support.Core.Sla;

/// <summary>One rule's targets; a null target is not measured for tickets matching the rule.</summary>
public sealed record SlaRule(
    string Id,
    IReadOnlySet<Severity> Severities,
    IReadOnlySet<Category> Categories,
    IReadOnlySet<string> Tiers,
    SlaDuration? FirstResponse,
    SlaDuration? NextResponse,
    SlaDuration? Resolution)
{
    public bool Matches(Ticket ticket, string? tier) =>
        (Severities.Count == 0 || Severities.Contains(ticket.Severity))
        && (Categories.Count == 0 || Categories.Contains(ticket.Category))
        && (Tiers.Count == 0 || (tier is not null && Tiers.Contains(tier)));
}

/// <summary>The compiled SLA policy: ordered rules (first match wins), customer tiers and the calendars per region.</summary>
public sealed class SlaPolicy : ICustomerTiers
{
    public const string EmbeddedName = "Support.Core.Sla.sla-policy.json";

    private readonly Dictionary<string, BusinessCalendar> _calendars;
    private readonly BusinessCalendar _defaultCalendar;
    private readonly IReadOnlyList<(string Name, string[] Domains)> _tiers;

    private SlaPolicy(IReadOnlyList<SlaRule> rules, bool acknowledge, Dictionary<string, BusinessCalendar> calendars, BusinessCalendar defaultCalendar, IReadOnlyList<(string, string[])> tiers)
    {
        Rules = rules;
        AcknowledgeByEndOfBusinessDay = acknowledge;
        _calendars = calendars;
        _defaultCalendar = defaultCalendar;
        _tiers = tiers;
    }

    public IReadOnlyList<SlaRule> Rules { get; }

    public bool AcknowledgeByEndOfBusinessDay { get; }

    public SlaRule? RuleFor(Ticket ticket)
    {
        var tier = TierOf(ticket.Requester.Email);
        return Rules.FirstOrDefault(r => r.Matches(ticket, tier));
    }

    /// <summary>The business calendar of the ticket's region; the default region's when it has none or an unknown one.</summary>
    public BusinessCalendar CalendarFor(string? region) =>
        region is not null && _calendars.TryGetValue(region, out var calendar) ? calendar : _defaultCalendar;

    public string? TierOf(string? email)
    {
        var domain = email?[(email.LastIndexOf('@') + 1)..].ToLowerInvariant();
        if (string.IsNullOrEmpty(domain))
        {
            return null;
        }

        return _tiers.FirstOrDefault(t => t.Domains.Any(d => domain == d || domain.EndsWith("." + d, StringComparison.Ordinal))).Name;
    }

    public static SlaPolicy Load(SlaOptions options, RegionPolicy regions)
    {
        string json;
        string source;
        if (string.IsNullOrWhiteSpace(options.PolicyPath))
        {
            using var stream = typeof(SlaPolicy).Assembly.GetManifestResourceStream(EmbeddedName)
                ?? throw new InvalidDataException($"{EmbeddedName} is not embedded.");
            using var reader = new StreamReader(stream);
            json = reader.ReadToEnd();
            source = "(built in)";
        }
        else
        {
            json = File.ReadAllText(options.PolicyPath);
            source = options.PolicyPath;
        }

        return Parse(json, source, regions);
    }

    /// <exception cref="InvalidDataException">The policy is not valid; the message lists every problem.</exception>
    public static SlaPolicy Parse(string json, string source, RegionPolicy regions)
    {
        SlaPolicyDocument document;
        try
        {
            document = JsonSerializer.Deserialize(json, SlaPolicyJson.Default.SlaPolicyDocument)
                ?? throw new InvalidDataException($"SLA policy {source} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"SLA policy {source} is not valid JSON: {ex.Message}", ex);
        }

        return Compile(document, source, regions);
    }

    public static SlaPolicy Compile(SlaPolicyDocument document, string source, RegionPolicy regions)
    {
        var problems = new List<string>();
        if (document.Version != 1)
        {
            problems.Add($"version {document.Version} is not supported (1 is)");
        }

        var calendars = new Dictionary<string, BusinessCalendar>(StringComparer.OrdinalIgnoreCase);
        foreach (var region in regions.Regions)
        {
            calendars[region.Name] = FromRegion(region);
        }

        foreach (var calendar in document.Calendars)
        {
            if (!ZoneTime.TryFind(calendar.TimeZone, out var zone))
            {
                problems.Add($"calendar '{calendar.Name}': unknown time zone '{calendar.TimeZone}'");
                continue;
            }

            if (calendar.Hours.Count == 0)
            {
                problems.Add($"calendar '{calendar.Name}': no hours");
                continue;
            }

            calendars[calendar.Name] = new BusinessCalendar(calendar.Name, zone, calendar.Hours, calendar.Holidays);
        }

        var rules = new List<SlaRule>();
        foreach (var (rule, index) in document.Rules.Select((r, i) => (r, i)))
        {
            var where = $"rules[{index}] '{rule.Id}'";
            rules.Add(new SlaRule(
                rule.Id,
                rule.Match.Severity.ToHashSet(),
                rule.Match.Category.ToHashSet(),
                rule.Match.Tier.ToHashSet(StringComparer.OrdinalIgnoreCase),
                Duration(rule.FirstResponse, $"{where}.firstResponse", problems),
                Duration(rule.NextResponse, $"{where}.nextResponse", problems),
                Duration(rule.Resolution, $"{where}.resolution", problems)));
        }

        if (rules.Count == 0)
        {
            problems.Add("there are no rules");
        }

        foreach (var tier in document.Tiers)
        {
            if (string.IsNullOrWhiteSpace(tier.Name))
            {
                problems.Add("tiers: a tier needs a name");
            }

            foreach (var domain in tier.Domains.Where(d => string.IsNullOrWhiteSpace(d) || d.Contains('@', StringComparison.Ordinal) || !d.Contains('.', StringComparison.Ordinal)))
            {
                problems.Add($"tiers '{tier.Name}': \"{domain}\" is not a domain (write example.com, not an address)");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"SLA policy {source} is not valid: {string.Join("; ", problems)}");
        }

        var tiers = document.Tiers
            .Select(t => (t.Name.Trim(), t.Domains.Select(d => d.Trim().ToLowerInvariant()).ToArray()))
            .ToList();
        return new SlaPolicy(rules, document.AcknowledgeByEndOfBusinessDay, calendars, calendars[regions.Default.Name], tiers);
    }

    private static BusinessCalendar FromRegion(VoiceRegion region) => new(
        region.Name,
        ZoneTime.Find(region.TimeZone),
        [.. region.BusinessHours.Select(h => new WorkingHours(h.Day, h.Start, h.End))],
        region.Holidays.Select(h => DateOnly.ParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture)));

    private static SlaDuration? Duration(string? text, string where, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (SlaDuration.TryParse(text, out var duration))
        {
            return duration;
        }

        problems.Add($"{where}: '{text}' is not a duration like '1 hour', '8 business hours' or '5 business days'");
        return null;
    }
}
