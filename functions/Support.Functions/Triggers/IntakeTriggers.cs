using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Functions.Hosting;
using Support.Web;

namespace Support.Functions.Triggers;

/// <summary>The intake routes of Support.Local's IntakeRoutes.</summary>
public sealed class IntakeTriggers(WebInquiryEndpoint webInquiry)
{
    [Function("SubmitWebInquiry"), Gated(Gate.Public)]
    public Task<IActionResult> SubmitWebInquiryAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.WebInquiry)] HttpRequest request, CancellationToken cancellationToken) =>
        webInquiry.PostAsync(request, cancellationToken).AsAction();
}
