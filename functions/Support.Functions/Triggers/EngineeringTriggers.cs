using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Functions.Hosting;
using Support.Web;
using Support.Web.Engineering;

namespace Support.Functions.Triggers;

/// <summary>
/// Support.Local's EngineeringRoutes: GitHub's webhook, anonymous to the host and admitted by the worker's gate only
/// with a valid X-Hub-Signature-256 (a function key cannot be given to GitHub but in the URL, and the signature is
/// what proves the sender); staff logging a ticket in GitHub, and confirming a feature request for the forum.
/// </summary>
public sealed class EngineeringTriggers(GitHubWebhookEndpoint webhook, EngineeringEndpoints engineering)
{
    [Function("GitHubWebhook"), Gated(Gate.GitHubSignature)]
    public Task<IActionResult> GitHubWebhookAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.GitHubWebhook)] HttpRequest request, CancellationToken cancellationToken) =>
        webhook.PostAsync(request, cancellationToken).AsAction();

    [Function("ListGitHubRepositories"), Gated(Gate.Staff)]
    public IActionResult ListGitHubRepositories(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.GitHubRepositories)] HttpRequest request) =>
        engineering.Repositories().AsAction();

    [Function("LogTicketInGitHub"), Gated(Gate.Staff)]
    public Task<IActionResult> LogTicketInGitHubAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TicketGitHub)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        engineering.LogAsync(request, reference, cancellationToken).AsAction();

    [Function("ProposeOnForum"), Gated(Gate.Staff)]
    public Task<IActionResult> ProposeOnForumAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TicketForum)] HttpRequest request, string reference, CancellationToken cancellationToken) =>
        engineering.ProposeAsync(request, reference, cancellationToken).AsAction();
}
