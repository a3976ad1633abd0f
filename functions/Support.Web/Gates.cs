using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Support.Core.Ports;
using Support.Web.Identity;

namespace Support.Web;

/// <summary>Who may call a route. Every route of both hosts declares one; a test fails on a route without it.</summary>
public enum Gate
{
    /// <summary>Anyone (the public web form): protected by its honeypot and the per-IP rate limit instead.</summary>
    Public,

    /// <summary>Staff routes: a signed-in roster person, or a machine with an integration key (<see cref="StaffGate"/>).</summary>
    Staff,

    /// <summary>SendGrid Inbound Parse: the secret <c>code</c> in the URL configured at SendGrid (its own function key in Azure).</summary>
    InboundEmailKey,

    /// <summary>Twilio webhooks: a valid <c>X-Twilio-Signature</c> over the public URL and the form.</summary>
    TwilioSignature,

    /// <summary>GitHub's webhook: a valid <c>X-Hub-Signature-256</c> (HMAC-SHA256 of the body with <c>GitHub__WebhookSecret</c>).</summary>
    GitHubSignature,

    /// <summary>Slack's Events API and interactivity: a valid <c>X-Slack-Signature</c> (v0 HMAC-SHA256 with <c>Slack__SigningSecret</c>) on a request at most five minutes old.</summary>
    SlackSignature,

    /// <summary>Local development only (<c>/_dev/*</c>, the local sign-in): mapped in Development, answered for loopback callers only; never in Azure.</summary>
    DevOnly,
}

/// <summary>Endpoint metadata naming a route's gate.</summary>
public sealed record GateMetadata(Gate Gate);

/// <summary>
/// The one place where webhook and staff requests are checked, for both hosts: the local host
/// runs it as an endpoint filter, the Functions app as worker middleware.
/// </summary>
public sealed class RequestGates(IConfiguration configuration, IWebhookSignature twilio, StaffGate staff, TimeProvider time)
{
    /// <summary>Twilio's webhooks are a few hundred bytes of form; anything near this is not Twilio.</summary>
    public const int TwilioMaxBodyBytes = 64 * 1024;

    /// <summary>Null when the request may pass; otherwise the answer to give (401/403/413) without running the route.</summary>
    public async Task<IResult?> CheckAsync(HttpRequest request, Gate gate, CancellationToken cancellationToken)
    {
        switch (gate)
        {
            case Gate.Public:
                return null;

            case Gate.DevOnly:
                return request.HttpContext.Connection.RemoteIpAddress is { } caller && IPAddress.IsLoopback(caller)
                    ? null
                    : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Local callers only.", detail: "This development route answers only requests from this machine.");

            case Gate.Staff:
                return await staff.AdmitAsync(request, cancellationToken);

            case Gate.InboundEmailKey:
                return IntegrationKeys.Matches(configuration["InboundEmailKey"], request.Query[IntegrationKeys.QueryName].ToString())
                    ? null
                    : Problems.Unauthorized("Post to the URL configured at SendGrid, with its code.");

            case Gate.TwilioSignature:
                if (await LimitTwilioBodyAsync(request, cancellationToken) is { } tooLarge)
                {
                    return tooLarge;
                }

                var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
                var pairs = form?.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty))) ?? [];
                var pathAndQuery = request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
                return twilio.IsValid(pathAndQuery, pairs, request.Headers[twilio.Header].ToString())
                    ? null
                    : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Invalid Twilio signature.", detail: "The request is not signed with this account's auth token for this URL.");

            case Gate.GitHubSignature:
                var body = await RequestBody.ReadLimitedAsync(request, Engineering.GitHubWebhookEndpoint.MaxBodyBytes, cancellationToken);
                if (body is null)
                {
                    return Problems.TooLarge(Engineering.GitHubWebhookEndpoint.MaxBodyBytes);
                }

                request.Body = new MemoryStream(body);
                return Engineering.GitHubWebhookSignature.IsValid(configuration["GitHub:WebhookSecret"], body, request.Headers[Engineering.GitHubWebhookSignature.Header].ToString())
                    ? null
                    : Problems.Unauthorized("The delivery is not signed with this app's GitHub webhook secret (X-Hub-Signature-256).");

            case Gate.SlackSignature:
                var signed = await RequestBody.ReadLimitedAsync(request, Slack.SlackEndpoints.MaxBodyBytes, cancellationToken);
                if (signed is null)
                {
                    return Problems.TooLarge(Slack.SlackEndpoints.MaxBodyBytes);
                }

                request.Body = new MemoryStream(signed);
                return Slack.SlackSignature.IsValid(
                        configuration["Slack:SigningSecret"], request.Headers[Slack.SlackSignature.TimestampHeader].ToString(), signed,
                        request.Headers[Slack.SlackSignature.Header].ToString(), time.GetUtcNow())
                    ? null
                    : Problems.Unauthorized("The request is not signed with this app's Slack signing secret, or is more than five minutes old.");

            default:
                throw new ArgumentOutOfRangeException(nameof(gate), gate, "Unknown gate.");
        }
    }

    // A declared length over the limit is refused before a byte is read; a body without one is read up to the limit only.
    private static async Task<IResult?> LimitTwilioBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            return declared > TwilioMaxBodyBytes ? Problems.TooLarge(TwilioMaxBodyBytes) : null;
        }

        var body = await RequestBody.ReadLimitedAsync(request, TwilioMaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(TwilioMaxBodyBytes);
        }

        request.Body = new MemoryStream(body);
        return null;
    }
}
