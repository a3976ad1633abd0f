using System.Runtime.InteropServices;

namespace Support.Core.Triage;

/// <summary>
/// The sentence embeddings tickets keep (<see cref="Domain.Ticket.TriageEmbedding"/>: base64 of unit-length floats, computed
/// by triage already, so nothing here embeds again) and the similarities the engineering loop acts on.
/// </summary>
/// <remarks>
/// Measured with <c>triage-duplicates</c> on the shared labelled set (240 inquiries, 28,680 pairs): no two inquiries
/// labelled with different categories are more than 0.644 similar, so anything above that is at least the same kind of
/// request. Among technical pairs, 0.765 (new datasets missing from search, a voicemail and a mail from two customers) and
/// 0.818 (dashboards slow) are the same problem; the next ones, 0.675 (update mails not sent / their link broken) and
/// 0.660 (datasets gone after a delete / datasets empty), are neighbours, not the same fault. <see cref="NearDuplicate"/>
/// sits between: a wrong link hides a new problem from engineering, a missed one only files an issue they can close as a duplicate.
/// </remarks>
public static class Embeddings
{
    /// <summary>Two tickets this similar are about the same problem: the later one joins the earlier one's issue or forum topic.</summary>
    public const double NearDuplicate = 0.72;

    /// <summary>
    /// Two tickets of one category and product this similar share a papercut theme: the area (dashboards slow, uploads
    /// failing, search missing datasets), not necessarily the same fault. The labelled set's technical pairs above it are such neighbours.
    /// </summary>
    public const double SameTheme = 0.6;

    /// <summary>The vector a ticket keeps; null when triage had no model (rules only).</summary>
    public static float[]? Decode(string? stored) =>
        string.IsNullOrEmpty(stored) ? null : MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(stored)).ToArray();

    /// <summary>The cosine similarity of two unit-length vectors: their dot product.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
