namespace Support.Web;

/// <summary>
/// Every HTTP route, relative to the <c>api</c> prefix (host.json's routePrefix in Azure), shared by
/// the local host and the Functions triggers so both answer on the same URLs.
/// </summary>
public static class Routes
{
    public const string Prefix = "api";

    public const string WebInquiry = "inquiries/web";
    public const string Tickets = "tickets";
    public const string Ticket = "tickets/{reference}";
    public const string Signups = "signups";

    public static string Local(string route) => $"/{Prefix}/{route}";
}
