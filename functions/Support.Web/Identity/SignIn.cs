using Microsoft.AspNetCore.Http;

namespace Support.Web.Identity;

/// <summary>A person the platform (or the local host) says is signed in; the roster says whether they are staff.</summary>
/// <param name="RosterId">The roster id, when the sign-in names one (the local sign-in).</param>
/// <param name="Email">The address the identity provider vouches for (Easy Auth), matched against the roster's.</param>
/// <param name="Name">What to call them in a refusal.</param>
public sealed record SignedInUser(string? RosterId, string? Email, string Name);

/// <summary>Reads the sign-in a request carries: Easy Auth's principal in Azure, the local session cookie in Support.Local.</summary>
public interface ISignInReader
{
    SignedInUser? Read(HttpRequest request);
}
