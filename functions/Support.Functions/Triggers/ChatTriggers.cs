using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Functions.Hosting;
using Support.Web;
using Support.Web.Slack;

namespace Support.Functions.Triggers;

/// <summary>
/// Support.Local's ChatRoutes: Slack's Events API and interactive buttons, anonymous to the host and admitted by the worker's gate only with a
/// valid, fresh X-Slack-Signature (Slack cannot send a function key, and the signature is what proves the sender).
/// </summary>
public sealed class ChatTriggers(SlackEndpoints slack)
{
    [Function("SlackEvents"), Gated(Gate.SlackSignature)]
    public Task<IActionResult> SlackEventsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.SlackEvents)] HttpRequest request, CancellationToken cancellationToken) =>
        slack.EventsAsync(request, cancellationToken).AsAction();

    [Function("SlackActions"), Gated(Gate.SlackSignature)]
    public Task<IActionResult> SlackActionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.SlackActions)] HttpRequest request, CancellationToken cancellationToken) =>
        slack.ActionsAsync(request, cancellationToken).AsAction();
}
