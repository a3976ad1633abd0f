using Microsoft.AspNetCore.Http;
using Support.Core.Roster;

namespace Support.Web.Staff;

/// <summary>
/// Who makes a staff change: the <c>x-staff-id</c> header, naming a person on the roster. The key
/// says the caller may act; this says who the timeline records (in Azure the app's authentication
/// could supply it instead).
/// </summary>
public static class StaffIdentity
{
    public const string Header = "x-staff-id";

    /// <summary>The roster id of the caller, or the 400 answer when the header is missing or names nobody.</summary>
    public static (string? PersonId, IResult? Problem) Resolve(HttpRequest request, RosterDocument roster)
    {
        var presented = request.Headers[Header].ToString().Trim();
        if (presented.Length == 0)
        {
            return (null, Problems.BadRequest($"Send the {Header} header with your roster id, so the timeline records who made the change."));
        }

        return roster.Find(presented) is { } person
            ? (person.Id, null)
            : (null, Problems.BadRequest($"{Header} '{Truncate(presented)}' is not a person on the roster."));
    }

    public static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
