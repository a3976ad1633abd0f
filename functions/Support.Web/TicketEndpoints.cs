using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Support.Core.Domain;
using Support.Core.Ports;
using Support.Core.Tickets;
using Support.Web.Conversation;

namespace Support.Web;

/// <summary>The staff API's read side: one ticket with its timeline, and filtered lists.</summary>
public sealed class TicketEndpoints(
    ITicketStore store,
    ITicketSearch search,
    ConversationReader conversation,
    IBlobStore blobs,
    TimeProvider time,
    ILogger<TicketEndpoints> logger,
    IPossibleDuplicates? duplicates = null)
{
    public const int MaxPageSize = 200;

    /// <summary>The furthest ahead <c>breachingWithin</c> looks: a week, in minutes.</summary>
    public const int MaxBreachingWithinMinutes = 7 * 24 * 60;

    public Task<IResult> GetAsync(HttpRequest request, string reference, CancellationToken cancellationToken) =>
        WithTicketAsync(reference, "read", async stored =>
        {
            var ticket = stored.Ticket;
            var remoteImages = string.Equals(request.Query["remoteImages"], "true", StringComparison.OrdinalIgnoreCase);
            var messages = await conversation.ReadAsync(ticket, remoteImages, cancellationToken);
            var possibleDuplicates = duplicates is null ? null : await duplicates.FindAsync(ticket, cancellationToken);
            request.HttpContext.Response.Headers.ETag = stored.ETag;
            return Results.Json(TicketView.From(ticket, withTimeline: true) with { Messages = messages, PossibleDuplicates = possibleDuplicates }, WebJson.Default.TicketView);
        }, cancellationToken);

    /// <summary>
    /// <c>GET /api/tickets/{reference}/messages/{message}/attachments/{n}</c>: the n-th attachment of one
    /// message, byte for byte as the customer sent it, always as a download (never rendered in our origin).
    /// </summary>
    public Task<IResult> AttachmentAsync(string reference, string message, string n, CancellationToken cancellationToken) =>
        WithTicketAsync(reference, "attachment read", async stored =>
        {
            var ticket = stored.Ticket;
            var attachments = await conversation.AttachmentsAsync(ticket, message, cancellationToken);
            if (attachments is null || !int.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                || number < 1 || number > attachments.Count)
            {
                return Problems.NotFound($"{ticket.Reference} has no attachment {Truncate(n)} on message '{Truncate(message)}'.");
            }

            var attachment = attachments[number - 1];
            var data = await blobs.GetAsync(BlobContainers.Attachments, attachment.Blob, cancellationToken);
            if (data is null)
            {
                logger.LogError("{Reference} attachment {Number} of {Message} is listed but its blob is missing", ticket.Reference, number, message);
                return Problems.NotFound($"The attachment {attachment.Name} of {ticket.Reference} is no longer stored.");
            }

            return new Download(data, data.MediaType ?? attachment.ContentType, attachment.Name);
        }, cancellationToken);

    /// <summary>
    /// <c>GET /api/tickets/{reference}/recording</c>: the voicemail's recording as we copied it from
    /// Twilio, as a download, so staff never need a Twilio login.
    /// </summary>
    public Task<IResult> RecordingAsync(string reference, CancellationToken cancellationToken) =>
        WithTicketAsync(reference, "recording read", async stored =>
        {
            var ticket = stored.Ticket;
            if (ConversationReader.StoredRecording(ticket) is not var (blob, contentType, name))
            {
                return Problems.NotFound($"{ticket.Reference} has no stored recording (yet: a voicemail's is copied from Twilio within minutes).");
            }

            var data = await blobs.GetAsync(BlobContainers.Recordings, blob, cancellationToken);
            if (data is null)
            {
                logger.LogError("{Reference} lists a stored recording but its blob is missing", ticket.Reference);
                return Problems.NotFound($"The recording of {ticket.Reference} is no longer stored.");
            }

            return new Download(data, data.MediaType ?? contentType, name);
        }, cancellationToken);

    /// <summary>Checks the reference, loads the ticket (with its version) and answers with <paramref name="answer"/>, or with 400 or 404.</summary>
    private async Task<IResult> WithTicketAsync(string reference, string what, Func<StoredTicket, Task<IResult>> answer, CancellationToken cancellationToken)
    {
        var normalized = reference.Trim().ToUpperInvariant();
        if (!TicketReference.IsValid(normalized))
        {
            return Problems.BadRequest($"'{Truncate(reference)}' is not a ticket reference (SUP- and six letters or digits).");
        }

        var ticket = await store.LoadAsync(normalized, cancellationToken);
        return ticket is null ? Problems.NotFound($"There is no ticket {normalized}.") : await answer(ticket);
    }

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (NullIfEmpty(request.Query["q"]) is { } text)
        {
            return await SearchAsync(text, cancellationToken);
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var query = new TicketQuery
        {
            Channel = ParseOptional<Channel>(request, "channel", WireNames.TryParse, errors),
            Status = ParseOptional<TicketStatus>(request, "status", WireNames.TryParse, errors),
            Category = ParseOptional<Category>(request, "category", WireNames.TryParse, errors),
            Severity = ParseOptional<Severity>(request, "severity", WireNames.TryParse, errors),
            Assignee = NullIfEmpty(request.Query["assignee"]),
            Requester = NullIfEmpty(request.Query["requester"]),
            Continuation = NullIfEmpty(request.Query["continuation"]),
            PageSize = ParsePageSize(request, errors),
            SlaDueBefore = ParseBreachingWithin(request, errors),
        };
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        try
        {
            var page = await store.ListAsync(query, cancellationToken);
            return Results.Json(
                new TicketListView([.. page.Items.Select(t => TicketView.From(t, withTimeline: false))], page.Continuation),
                WebJson.Default.TicketListView);
        }
        catch (ArgumentException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
    }

    /// <summary><c>q=</c>: tickets whose reference, requester, subject or any message contains the text, newest first.</summary>
    private async Task<IResult> SearchAsync(string text, CancellationToken cancellationToken)
    {
        if (text.Length is < 2 or > 200)
        {
            return Problems.Validation(new Dictionary<string, string>(StringComparer.Ordinal) { ["q"] = "Search for 2 to 200 characters." });
        }

        var found = await search.SearchAsync(text, MaxPageSize, cancellationToken);
        return Results.Json(new TicketListView([.. found.Select(t => TicketView.From(t, withTimeline: false))], null), WebJson.Default.TicketListView);
    }

    private delegate bool TryParse<T>(string? text, out T value);

    private static T? ParseOptional<T>(HttpRequest request, string name, TryParse<T> parse, Dictionary<string, string> errors)
        where T : struct
    {
        var text = NullIfEmpty(request.Query[name]);
        if (text is null)
        {
            return null;
        }

        if (parse(text, out var value))
        {
            return value;
        }

        errors[name] = $"'{Truncate(text)}' is not a known {name}.";
        return null;
    }

    private static int ParsePageSize(HttpRequest request, Dictionary<string, string> errors)
    {
        var text = NullIfEmpty(request.Query["pageSize"]);
        if (text is null)
        {
            return 50;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) && size is > 0 and <= MaxPageSize)
        {
            return size;
        }

        errors["pageSize"] = $"pageSize must be between 1 and {MaxPageSize}.";
        return 50;
    }

    /// <summary><c>breachingWithin=N</c>: tickets with a running SLA target due within N minutes (or overdue).</summary>
    private DateTimeOffset? ParseBreachingWithin(HttpRequest request, Dictionary<string, string> errors)
    {
        var text = NullIfEmpty(request.Query["breachingWithin"]);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes) && minutes <= MaxBreachingWithinMinutes)
        {
            return time.GetUtcNow().AddMinutes(minutes);
        }

        errors["breachingWithin"] = $"breachingWithin must be a number of minutes from 0 to {MaxBreachingWithinMinutes}.";
        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
