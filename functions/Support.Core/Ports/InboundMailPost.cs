using System.Text;

namespace Support.Core.Ports;

/// <summary>One file of the multipart post (<c>attachment1</c>, <c>attachment2</c>, …).</summary>
public sealed record InboundFile(string FieldName, string? FileName, string? ContentType, BinaryData Content);

/// <summary>
/// An inbound mail webhook's multipart post (SendGrid Inbound Parse), independent of any web framework. Text fields are kept as the
/// bytes that were posted: in default mode SendGrid sends each field in the mail's own charset and
/// says which in <c>charsets</c>, so decoding them as UTF-8 up front would garble ISO-8859-1 or
/// Shift_JIS text.
/// </summary>
public sealed record InboundMailPost(IReadOnlyDictionary<string, BinaryData> Fields, IReadOnlyList<InboundFile> Files)
{
    /// <summary>A post whose text fields were already decoded (for callers that only have strings); they are taken as UTF-8.</summary>
    public static InboundMailPost FromStrings(IReadOnlyDictionary<string, string> fields, IReadOnlyList<InboundFile>? files = null) =>
        new(fields.ToDictionary(f => f.Key, f => BinaryData.FromBytes(Encoding.UTF8.GetBytes(f.Value)), StringComparer.Ordinal), files ?? []);

    /// <summary>Raw mode: the whole message is in the <c>email</c> field.</summary>
    public bool IsRaw => Fields.ContainsKey("email");

    public long TotalBytes =>
        Fields.Values.Sum(v => (long)v.ToMemory().Length) + Files.Sum(f => (long)f.Content.ToMemory().Length);
}
