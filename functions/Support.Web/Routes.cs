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
    public const string TicketMerge = "tickets/{reference}/merge";
    public const string Roster = "roster";
    public const string Metrics = "metrics";
    public const string TriageCorrections = "triage/corrections";

    /// <summary>The public support page; outside the api prefix (in Azure a route with an empty prefix or a proxy).</summary>
    public const string WebFormPage = "/";

    /// <summary>The staff console page, a static page whose API calls carry the staff key.</summary>
    public const string ConsolePage = "/console";

    public static string Local(string route) => $"/{Prefix}/{route}";
}
