using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Support.IntegrationTests;

/// <summary>Small helpers over the host's HTTP API, as a client would call it.</summary>
public static class Api
{
    public static async Task<HttpResponseMessage> PostWebAsync(HttpClient client, object form, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/inquiries/web") { Content = JsonContent.Create(form) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<string> ReferenceOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["reference"]!.GetValue<string>();
    }

    public static async Task<JsonObject?> TicketAsync(HttpClient staff, string reference)
    {
        var response = await staff.GetAsync($"/api/tickets/{reference}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
    }

    /// <summary>Waits until the ticket's timeline has an event of <paramref name="type"/>.</summary>
    public static Task<JsonObject> TicketWithEventAsync(HttpClient staff, string reference, string type) =>
        Eventually.GetAsync(
            async () =>
            {
                var ticket = await TicketAsync(staff, reference);
                return ticket?["timeline"]!.AsArray().Any(e => e!["type"]!.GetValue<string>() == type) == true ? ticket : null;
            },
            $"{reference} to have a '{type}' event");

    public static async Task<IReadOnlyList<JsonObject>> MailsToAsync(HttpClient client, string address)
    {
        var all = await client.GetFromJsonAsync<JsonArray>("/_dev/mail");
        return [.. all!.Select(m => m!.AsObject()).Where(m => m["to"]!.AsArray().Any(t => string.Equals(t!.GetValue<string>(), address, StringComparison.OrdinalIgnoreCase)))];
    }

    public static object Form(string email, string subject = "Cannot log in", string message = "The login page says error 500 since this morning.") =>
        new { name = "Ada Lovelace", email, subject, message };

    public static string UniqueEmail(string who = "ada") => $"{who}.{Guid.NewGuid():N}@example.com";

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
