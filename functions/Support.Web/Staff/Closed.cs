namespace Support.Web.Staff;

/// <summary>The one explanation staff get when they try to change a Closed ticket.</summary>
public static class Closed
{
    public static string Explain(string reference) =>
        $"{reference} is closed, and a closed ticket is final: no reply, note or status change can be added to it. "
        + $"Open a follow-up ticket (POST /api/tickets/{reference}/follow-ups) to carry on with the customer.";
}
