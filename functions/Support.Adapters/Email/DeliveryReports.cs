using MimeKit;
using Support.Core.Email;

namespace Support.Adapters.Email;

/// <summary>Reads a delivery status notification (RFC 3464): who could not be reached, and which of our mails it was.</summary>
internal static class DeliveryReports
{
    /// <summary>The report among <paramref name="parts"/>; null when none of them is a message/delivery-status.</summary>
    public static BounceReport? Read(IEnumerable<MimeEntity> parts)
    {
        var list = parts.ToList();
        var status = list.OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (status is null)
        {
            return null;
        }

        var recipients = status.StatusGroups.Skip(1).ToList();
        var failed = recipients
            .Where(g => g["Action"] is not { } action || action.Trim().Equals("failed", StringComparison.OrdinalIgnoreCase))
            .Select(g => AddressOf(g["Final-Recipient"] ?? g["Original-Recipient"]))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var first = recipients.FirstOrDefault();
        var original = OriginalHeaders(list);
        return new BounceReport
        {
            OriginalMessageId = original?.MessageId,
            OriginalReferences = original is null ? [] : [.. original.References],
            OriginalSubject = original?.Subject,
            FailedRecipients = failed,
            Status = first?["Status"]?.Trim(),
            Diagnostic = first?["Diagnostic-Code"]?.Trim(),
        };
    }

    /// <summary>The returned message, whole (message/rfc822) or its headers only (text/rfc822-headers).</summary>
    private static MimeMessage? OriginalHeaders(List<MimeEntity> parts)
    {
        if (parts.OfType<MessagePart>().FirstOrDefault() is { Message: { } message })
        {
            return message;
        }

        var headers = parts.OfType<TextPart>().FirstOrDefault(p => p.ContentType.IsMimeType("text", "rfc822-headers"));
        if (headers is null)
        {
            return null;
        }

        using var stream = new MemoryStream();
        headers.Content?.DecodeTo(stream);
        stream.Write("\r\n\r\n"u8);
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }

    /// <summary>"rfc822; bob@example.com" → "bob@example.com".</summary>
    private static string? AddressOf(string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return null;
        }

        var semicolon = field.IndexOf(';', StringComparison.Ordinal);
        var address = (semicolon < 0 ? field : field[(semicolon + 1)..]).Trim().Trim('<', '>');
        return address.Length == 0 ? null : address.ToLowerInvariant();
    }
}
