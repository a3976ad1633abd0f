using Support.Core.Intake;
using Support.Core.Ports;
using Support.Core.Triage;
using Support.Core.Triage.Evaluation;

namespace Support.Adapters.Triage;

/// <summary>
/// What the model learns from: labelled sets (files, or <c>training/*.jsonl</c> blobs in Azure) and
/// every ticket staff corrected, labelled with the category and severity it has now.
/// </summary>
public sealed class TriageTrainingSet(ICorrectionLog corrections, ITicketStore tickets, IBlobStore blobs, TimeProvider time)
{
    private const int MaxCorrections = 20_000;

    // Corrections older than this describe a product and a team that have moved on.
    private const int CorrectionYears = 2;

    public static IReadOnlyList<LabelledInquiry> ParseLines(IEnumerable<string> lines, string source, Action<string> report)
    {
        var rows = new List<LabelledInquiry>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (LabelledInquiry.TryParse(line, out var row, out var error))
            {
                rows.Add(row!);
            }
            else
            {
                report($"{source} line {number} skipped: {error}");
            }
        }

        return rows;
    }

    /// <summary>One row per corrected ticket (the latest labels win over a labelled row with the same id).</summary>
    public async Task<IReadOnlyList<LabelledInquiry>> CorrectedTicketsAsync(CancellationToken cancellationToken)
    {
        var logged = await corrections.ListAsync(time.GetUtcNow().AddYears(-CorrectionYears), MaxCorrections, cancellationToken);
        var rows = new List<LabelledInquiry>();
        foreach (var reference in logged.Select(c => c.Reference).Distinct(StringComparer.Ordinal))
        {
            var ticket = await tickets.GetAsync(reference, cancellationToken);
            var inquiry = await tickets.GetInquiryAsync(reference, cancellationToken);
            if (ticket is null || inquiry is null)
            {
                continue;
            }

            var body = await InquiryIntake.ReadBodyAsync(inquiry, blobs, cancellationToken);
            // What triage read of it, so the model learns from the customer's words and not a booking's.
            var input = Support.Core.Bookings.SessionTickets.TriageInputOf(inquiry, body);
            rows.Add(new LabelledInquiry(reference, input, ticket.Category, ticket.Severity));
        }

        return rows;
    }

    /// <summary>Labelled rows then corrections, one row per id (a correction replaces a labelled row of the same id).</summary>
    public static IReadOnlyList<(LabelledInquiry Row, bool FromCorrection)> Merge(IEnumerable<LabelledInquiry> labelled, IEnumerable<LabelledInquiry> corrected)
    {
        var byId = new Dictionary<string, (LabelledInquiry, bool)>(StringComparer.Ordinal);
        foreach (var row in labelled)
        {
            byId[row.Id] = (row, false);
        }

        foreach (var row in corrected)
        {
            byId[row.Id] = (row, true);
        }

        return [.. byId.Values];
    }
}
