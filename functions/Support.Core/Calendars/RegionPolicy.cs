using System.Globalization;
using System.Text.Json;
using PhoneNumbers;
using Support.Core.Roster;
using Support.Core.Voice;

namespace Support.Core.Calendars;

/// <summary>
/// The voice regions from <c>regions.json</c> (embedded, deployed with the app): which Twilio
/// numbers belong to which region, its business hours and what callers hear. The infrastructure
/// reads <c>defaultRegion</c> and each region's <c>numbers</c> from the same file.
/// </summary>
public sealed class RegionPolicy
{
    private const string ResourceName = "Support.Core.Calendars.regions.json";

    private readonly Dictionary<string, VoiceRegion> _byNumber = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VoiceRegion> _byName = new(StringComparer.OrdinalIgnoreCase);

    public RegionPolicy(RegionPolicyDocument document)
    {
        foreach (var region in document.Regions)
        {
            if (!_byName.TryAdd(region.Name, region))
            {
                throw new InvalidDataException($"Region '{region.Name}' is listed twice.");
            }

            region.Validate();
            foreach (var number in region.Numbers)
            {
                if (!_byNumber.TryAdd(number, region))
                {
                    throw new InvalidDataException($"Number {number} belongs to two regions.");
                }
            }
        }

        Default = _byName.GetValueOrDefault(document.DefaultRegion)
            ?? throw new InvalidDataException($"The default region '{document.DefaultRegion}' is not listed.");
    }

    public VoiceRegion Default { get; }

    public IReadOnlyCollection<VoiceRegion> Regions => _byName.Values;

    /// <summary>The region a call to <paramref name="calledNumber"/> belongs to; the default region for a number nobody listed.</summary>
    public VoiceRegion ForNumber(string? calledNumber) =>
        calledNumber is not null && _byNumber.TryGetValue(calledNumber.Trim(), out var region) ? region : Default;

    /// <summary>The region by name (as carried in our own callback URLs); the default region for an unknown name.</summary>
    public VoiceRegion ForName(string? name) =>
        name is not null && _byName.TryGetValue(name, out var region) ? region : Default;

    /// <summary>The region whose holidays <paramref name="person"/> keeps: the one the roster names, else the one in their time zone; null when neither.</summary>
    public VoiceRegion? ForPerson(Person person) =>
        person.Region is not null && _byName.TryGetValue(person.Region, out var named)
            ? named
            : _byName.Values.FirstOrDefault(r => string.Equals(r.TimeZone, person.TimeZone, StringComparison.OrdinalIgnoreCase));

    public static RegionPolicy LoadEmbedded()
    {
        using var stream = typeof(RegionPolicy).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(RegionPolicy).Assembly.GetName().Name}.");
        return Parse(stream);
    }

    public static RegionPolicy Parse(Stream json) =>
        new(JsonSerializer.Deserialize(json, VoiceJson.Default.RegionPolicyDocument)
            ?? throw new InvalidDataException("The region policy is empty."));
}

public sealed record RegionPolicyDocument
{
    public required string DefaultRegion { get; init; }

    public required IReadOnlyList<VoiceRegion> Regions { get; init; }
}

public sealed record VoiceRegion
{
    public required string Name { get; init; }

    /// <summary>The region's Twilio numbers in E.164; the first is the caller ID when the called number is not one of them.</summary>
    public required IReadOnlyList<string> Numbers { get; init; }

    /// <summary>IANA time zone of the business hours and holidays.</summary>
    public required string TimeZone { get; init; }

    public required IReadOnlyList<BusinessHours> BusinessHours { get; init; }

    /// <summary>Local dates (yyyy-MM-dd) on which the region is closed all day.</summary>
    public IReadOnlyList<string> Holidays { get; init; } = [];

    public required string Greeting { get; init; }

    public required string OutOfHoursGreeting { get; init; }

    /// <summary>Spoken before voicemail when the region is open but nobody takes the call.</summary>
    public required string NoAnswerMessage { get; init; }

    /// <summary>Played to the person on duty when they pick up; pressing 1 connects the caller.</summary>
    public required string WhisperPrompt { get; init; }

    public required string Goodbye { get; init; }

    /// <summary>Spoken before voicemail when the call cannot be handled normally (bad request, storage down).</summary>
    public required string Apology { get; init; }

    public required string Voice { get; init; }

    public required string Language { get; init; }

    /// <summary>ISO country used to read caller numbers that arrive without a country code.</summary>
    public string PhoneRegion => CountryOf(Numbers[0]);

    /// <summary>Whether the region is open at <paramref name="now"/>: a business-hours day, inside its hours, not a holiday.</summary>
    public bool IsOpenAt(DateTimeOffset now)
    {
        var local = System.TimeZoneInfo.ConvertTime(now, System.TimeZoneInfo.FindSystemTimeZoneById(TimeZone));
        var date = DateOnly.FromDateTime(local.DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (Holidays.Contains(date, StringComparer.Ordinal))
        {
            return false;
        }

        var time = TimeOnly.FromDateTime(local.DateTime);
        return BusinessHours.Any(h => h.Day == local.DayOfWeek && h.Start <= time && time < h.End);
    }

    /// <summary>The number to show the person on duty: the one the customer called, so they recognise a support call.</summary>
    public string CallerIdFor(string? calledNumber) =>
        calledNumber is not null && Numbers.Contains(calledNumber, StringComparer.Ordinal) ? calledNumber : Numbers[0];

    internal void Validate()
    {
        if (Numbers.Count == 0)
        {
            throw new InvalidDataException($"Region '{Name}' has no numbers.");
        }

        _ = System.TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        foreach (var hours in BusinessHours.Where(h => h.End <= h.Start))
        {
            throw new InvalidDataException($"Region '{Name}': business hours on {hours.Day} end before they start.");
        }

        foreach (var holiday in Holidays)
        {
            if (!DateOnly.TryParseExact(holiday, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                throw new InvalidDataException($"Region '{Name}': holiday '{holiday}' is not a yyyy-MM-dd date.");
            }
        }

        _ = PhoneRegion;
    }

    private string CountryOf(string number)
    {
        var util = PhoneNumberUtil.GetInstance();
        try
        {
            return util.GetRegionCodeForCountryCode(util.Parse(number, null).CountryCode);
        }
        catch (NumberParseException ex)
        {
            throw new InvalidDataException($"Region '{Name}': {number} is not an E.164 number.", ex);
        }
    }
}

/// <summary>One opening stretch on a weekday, local time of the region; several per day make a lunch break.</summary>
public sealed record BusinessHours(DayOfWeek Day, TimeOnly Start, TimeOnly End);
