using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Support.Adapters.Triage;
using Support.Core.Ports;
using Xunit;

namespace Support.IntegrationTests.Triage;

/// <summary>What staff see of the hybrid triage through the ticket API, and a retrain against real Azurite.</summary>
public sealed class HybridTriageJourneyTests(AzuriteFixture env)
{
    [Fact]
    public async Task A_ticket_shows_why_it_was_triaged_and_an_open_ticket_from_the_same_organisation_with_the_same_problem()
    {
        var client = env.Host.CreateClient();
        var staff = env.Host.CreateStaffClient();
        var organisation = $"county-{Guid.NewGuid():N}.example.org";

        var first = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form($"lena@{organisation}", "Our datasets disappeared",
            "After last night's scheduled sync our catalogue shows 3 datasets instead of 212. Nobody deleted anything and the public pages are empty.")));
        await Api.TicketWithEventAsync(staff, first, "triaged");
        var second = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form($"sam@{organisation}", "Datasets gone from our catalogue",
            "Since the overnight sync nearly all of our datasets are missing from the catalogue (3 left of about 210) and the public pages show nothing. We did not delete them.")));

        var ticket = await Api.TicketWithEventAsync(staff, second, "triaged");

        Assert.Equal("S1", ticket["severity"]!.GetValue<string>());
        var why = ticket["triage"]!.AsObject();
        Assert.NotEmpty(why["rules"]!.AsArray());
        Assert.Equal(3, why["severityProbabilities"]!.AsObject().Count);
        Assert.Equal(5, why["categoryProbabilities"]!.AsObject().Count);
        Assert.True(why["s1Threshold"]!.GetValue<double>() > 0);
        var similar = why["similar"]!.AsArray();
        Assert.Equal(3, similar.Count);
        Assert.All(similar, s => Assert.Matches("^S[123]$", s!["severity"]!.GetValue<string>()));
        Assert.Null(why["embedding"]);
        var duplicate = Assert.Single(ticket["possibleDuplicates"]!.AsArray());
        Assert.Equal(first, duplicate!["reference"]!.GetValue<string>());
        Assert.Equal("Our datasets disappeared", duplicate["subject"]!.GetValue<string>());

        // Possible duplicates are found when the ticket is read: the first ticket offers the second, which came later.
        var offered = Assert.Single((await Api.TicketAsync(staff, first))!["possibleDuplicates"]!.AsArray());
        Assert.Equal(second, offered!["reference"]!.GetValue<string>());

        // The staff member takes the offer; the merged ticket is closed, so the one kept offers nothing any more.
        using var merge = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{second}/merge") { Content = JsonContent.Create(new { into = first }) };
        using var read = await staff.GetAsync($"/api/tickets/{second}");
        merge.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        using var amira = await env.Host.CreateSignedInClientAsync("amira");
        Assert.Equal(HttpStatusCode.OK, (await amira.SendAsync(merge)).StatusCode);
        Assert.Empty((await Api.TicketAsync(staff, first))!["possibleDuplicates"]!.AsArray());
    }

    [Fact]
    public async Task A_different_problem_from_the_same_organisation_is_not_offered_as_a_duplicate()
    {
        var client = env.Host.CreateClient();
        var staff = env.Host.CreateStaffClient();
        var organisation = $"harbour-{Guid.NewGuid():N}.example.org";

        var first = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form($"ivo@{organisation}", "Invoice address", "Please address our invoices to the finance directorate from now on.")));
        await Api.TicketWithEventAsync(staff, first, "triaged");
        var second = await Api.ReferenceOf(await Api.PostWebAsync(client, Api.Form($"ana@{organisation}", "Map preview blank", "The map preview is blank for our GeoJSON datasets; downloads work.")));

        var ticket = await Api.TicketWithEventAsync(staff, second, "triaged");

        Assert.Empty(ticket["possibleDuplicates"]!.AsArray());
    }

    [Fact]
    public async Task A_retrain_reports_cross_validated_figures_and_stores_a_versioned_model_that_the_app_then_loads()
    {
        var services = env.Host.Services;
        var path = Path.Combine(AppContext.BaseDirectory, "Triage", "Data", "dev.jsonl");
        // A small set keeps the test quick: 5 folds × 2 models, twice (new and current), on 60 items.
        var labelled = TriageTrainingSet.ParseLines(File.ReadLines(path).Take(60), path, _ => { });
        var report = new List<string>();

        var stored = await services.GetRequiredService<TriageRetrainer>().RetrainAsync(labelled, report.Add, CancellationToken.None);

        Assert.Contains(report, line => line.Contains("5-fold cross-validated: category_macro_f1=", StringComparison.Ordinal) && line.Contains("s1_precision=", StringComparison.Ordinal));
        Assert.Contains(report, line => line.StartsWith("current model ", StringComparison.Ordinal));
        if (stored is null)
        {
            Assert.Contains("not stored: the new model would lower S1 recall or category macro-F1", report);
            return;
        }

        var blob = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(BlobContainers.TriageModels).GetBlobClient(stored);
        Assert.True((await blob.ExistsAsync()).Value);
        var holder = services.GetRequiredService<TriageModelHolder>();
        Assert.Equal($"models/{holder.Current.Info.Version}.zip", stored);

        // Another instance starting now loads the same newest model.
        var elsewhere = new TriageModelHolder();
        var refresher = new TriageModelRefresher(elsewhere, services.GetRequiredService<BlobTriageModelStore>(),
            Microsoft.Extensions.Options.Options.Create(new Support.Core.Triage.TriageOptions()), services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<TriageModelRefresher>.Instance);
        await refresher.RefreshAsync(CancellationToken.None);
        Assert.Equal(holder.Current.Info.Version, elsewhere.Current.Info.Version);
    }
}
