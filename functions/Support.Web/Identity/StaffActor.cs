using Microsoft.AspNetCore.Http;
using Support.Core.Domain;
using Support.Core.Roster;

namespace Support.Web.Identity;

/// <summary>
/// Who is acting on a staff route, as the gate established it: a signed-in roster person, or a
/// machine calling with an integration key (<c>integration:&lt;key name&gt;</c>). The timeline,
/// corrections, links and logs record <see cref="Id"/>; nothing a caller sends can change it.
/// </summary>
/// <param name="Person">The roster person; null for an integration.</param>
public sealed record StaffActor(string Id, Person? Person)
{
    private static readonly object ItemKey = new();

    public bool IsIntegration => Person is null;

    /// <summary>Integrations are the admin's own automation (the first roster goes in with one); people need the manager role.</summary>
    public bool MayManage => Person is null || Person.Roles.Contains(SupportRole.Manager);

    public static StaffActor Integration(string keyName) => new(Actors.IntegrationPrefix + keyName, null);

    public static StaffActor For(Person person) => new(person.Id, person);

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;

    /// <summary>The actor the staff gate attached; a staff route never runs without one.</summary>
    public static StaffActor Of(HttpRequest request) =>
        request.HttpContext.Items.TryGetValue(ItemKey, out var actor) && actor is StaffActor staff
            ? staff
            : throw new InvalidOperationException("A staff route ran without the staff gate.");

    /// <summary>The 403 for a person without the manager role on a route that edits the roster, the canned replies or policies.</summary>
    public static IResult NotManager(string what) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only a manager may do this.",
            detail: $"Editing {what} needs the manager role on the roster; ask a manager.");
}
