using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Functions.Hosting;
using Support.Web;
using Support.Web.Email;

namespace Support.Functions.Triggers;

/// <summary>The intake routes of Support.Local's IntakeRoutes.</summary>
public sealed class IntakeTriggers(WebInquiryEndpoint webInquiry, InboundEmailEndpoint inboundEmail)
{
    [Function("SubmitWebInquiry"), Gated(Gate.Public)]
    public Task<IActionResult> SubmitWebInquiryAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.WebInquiry)] HttpRequest request, CancellationToken cancellationToken) =>
        webInquiry.PostAsync(request, cancellationToken).AsAction();

    /// <summary>SendGrid Inbound Parse posts here with <c>?code=&lt;function key&gt;</c>; the host checks the key.</summary>
    [Function("InboundEmail"), Gated(Gate.InboundEmailKey)]
    public Task<IActionResult> InboundEmailAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.InboundEmail)] HttpRequest request, CancellationToken cancellationToken) =>
        inboundEmail.PostAsync(request, cancellationToken).AsAction();
}
