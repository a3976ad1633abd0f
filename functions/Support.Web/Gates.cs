using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Support.Core.Ports;

namespace Support.Web;

/// <summary>Who may call a route. Every route of both hosts declares one; a test fails on a route without it.</summary>
public enum Gate
{
    /// <summary>Anyone (the public web form): protected by its honeypot and the per-IP rate limit instead.</summary>
    Public,

    /// <summary>Staff and admin routes: the admin key (a function key in Azure).</summary>
    StaffKey,

    /// <summary>SendGrid Inbound Parse: the secret <c>code</c> in the URL configured at SendGrid.</summary>
    InboundEmailKey,

    /// <summary>Twilio webhooks: a valid <c>X-Twilio-Signature</c> over the public URL and the form.</summary>
    TwilioSignature,

    /// <summary>Local development only (<c>/_dev/*</c>); never mapped in Azure.</summary>
    DevOnly,
}

/// <summary>Endpoint metadata naming a route's gate.</summary>
public sealed record GateMetadata(Gate Gate);

/// <summary>
/// The one place where webhook and staff requests are checked, for both hosts: the local host
/// runs it as an endpoint filter, the Functions app as worker middleware.
/// </summary>
public sealed class RequestGates(IConfiguration configuration, IWebhookSignature twilio)
{
    /// <summary>Null when the request may pass; otherwise the answer to give (401/403) without running the route.</summary>
    public async Task<IResult?> CheckAsync(HttpRequest request, Gate gate, CancellationToken cancellationToken)
    {
        switch (gate)
        {
            case Gate.Public:
            case Gate.DevOnly:
                return null;

            case Gate.StaffKey:
                return AdminKeyGate.Matches(configuration["AdminApiKey"], AdminKeyGate.Presented(request)) ? null : Problems.Unauthorized();

            case Gate.InboundEmailKey:
                return AdminKeyGate.Matches(configuration["InboundEmailKey"], request.Query[AdminKeyGate.QueryName].ToString()) ? null : Problems.Unauthorized();

            case Gate.TwilioSignature:
                var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
                var pairs = form?.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty))) ?? [];
                var pathAndQuery = request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
                return twilio.IsValid(pathAndQuery, pairs, request.Headers[twilio.Header].ToString())
                    ? null
                    : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Invalid Twilio signature.", detail: "The request is not signed with this account's auth token for this URL.");

            default:
                throw new ArgumentOutOfRangeException(nameof(gate), gate, "Unknown gate.");
        }
    }
}
