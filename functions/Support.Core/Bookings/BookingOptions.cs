using Support.Core.Domain;

namespace Support.Core.Bookings;

/// <summary>Bound from the <c>Bookings__*</c> settings.</summary>
public sealed class BookingOptions
{
    public const string Section = "Bookings";

    /// <summary>
    /// The kinds of session a customer can book, by id (<c>Bookings__Kinds__phone__Minutes=45</c>). A dictionary rather
    /// than a list: the configuration binder adds list items to the defaults, where it replaces a key's.
    /// </summary>
    public Dictionary<string, SessionKindOptions> Kinds { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["phone"] = new() { Name = "Phone support", Minutes = 30, Role = "first-level", Order = 1 },
        ["onboarding"] = new() { Name = "Onboarding session", Minutes = 60, Role = "technical", CountsTowardCap = true, Order = 2 },
    };

    /// <summary>How many days ahead slots are offered.</summary>
    public int HorizonDays { get; set; } = 14;

    /// <summary>Slots start this often within a working stretch, counted from its start.</summary>
    public int StepMinutes { get; set; } = 30;

    /// <summary>Kept free before and after every session of a staff member.</summary>
    public int BufferMinutes { get; set; } = 15;

    /// <summary>The least notice a staff member gets, in their own business hours (their working hours less their region's holidays).</summary>
    public double NoticeBusinessHours { get; set; } = 4;

    /// <summary>How long a ticket's booking link is valid.</summary>
    public int TicketLinkDays { get; set; } = 30;

    public IReadOnlyList<SessionKind> KindList() =>
        [.. Kinds.OrderBy(k => k.Value.Order).ThenBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Value.ToKind(k.Key))];

    public SessionKind? Kind(string? id) => id is not null && Kinds.TryGetValue(id, out var kind) ? kind.ToKind(id.ToLowerInvariant()) : null;
}

public sealed class SessionKindOptions
{
    public string Name { get; set; } = string.Empty;

    public int Minutes { get; set; } = 30;

    /// <summary>The roster role (wire name) whose people give this kind of session.</summary>
    public string Role { get; set; } = "first-level";

    /// <summary>True when a session counts toward its giver's cap on active work for its day (onboarding).</summary>
    public bool CountsTowardCap { get; set; }

    /// <summary>Where the kind is listed on the page.</summary>
    public int Order { get; set; }

    public SessionKind ToKind(string id) => new(
        id,
        Name,
        TimeSpan.FromMinutes(Minutes),
        WireNames.TryParse(Role, out SupportRole role) ? role : throw new InvalidOperationException($"Bookings__Kinds__{id}__Role '{Role}' is not a roster role."),
        CountsTowardCap);
}

/// <summary>A kind of session: how long it lasts and which role gives it.</summary>
public sealed record SessionKind(string Id, string Name, TimeSpan Length, SupportRole Role, bool CountsTowardCap);
