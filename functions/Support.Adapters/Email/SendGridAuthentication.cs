using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Cryptography;
using Support.Core.Email;
using Support.Core.Ports;

namespace Support.Adapters.Email;

/// <summary>
/// The SPF and DKIM results SendGrid's MX reports beside every post, in both modes: <c>SPF</c> (<c>pass</c>,
/// <c>softfail</c>, …, for the envelope sender) and <c>dkim</c> (<c>{@example.com : pass, @other.net : fail}</c>, or
/// <c>none</c>). A message's own <c>Authentication-Results</c> headers are anyone's to write, so they count only when
/// <see cref="EmailIntakeOptions.TrustedAuthServId"/> names the server that added them and SendGrid reported nothing.
/// </summary>
internal static partial class SendGridAuthentication
{
    public static MailAuthentication Read(InboundMailPost post, MimeMessage headers, string? trustedAuthServId)
    {
        var spf = Field(post, "SPF");
        var dkim = Field(post, "dkim");
        if (spf is not null || dkim is not null)
        {
            return new MailAuthentication
            {
                Spf = FirstWord(spf),
                Dkim = [.. DkimEntry().Matches(dkim ?? string.Empty).Select(m => new DkimResult(m.Groups["domain"].Value.ToLowerInvariant(), m.Groups["result"].Value.ToLowerInvariant()))],
            };
        }

        return string.IsNullOrWhiteSpace(trustedAuthServId) ? MailAuthentication.None : FromHeaders(headers, trustedAuthServId.Trim());
    }

    /// <summary>The topmost <c>Authentication-Results</c> of the trusted server: it is added above anything the sender wrote.</summary>
    private static MailAuthentication FromHeaders(MimeMessage message, string trustedAuthServId)
    {
        foreach (var header in message.Headers.Where(h => h.Id == HeaderId.AuthenticationResults))
        {
            if (!AuthenticationResults.TryParse(header.RawValue, out var results)
                || !string.Equals(results.AuthenticationServiceIdentifier, trustedAuthServId, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var spf = results.Results.FirstOrDefault(r => string.Equals(r.Method, "spf", StringComparison.OrdinalIgnoreCase));
            return new MailAuthentication
            {
                Spf = spf?.Result?.ToLowerInvariant(),
                SpfMailFrom = spf?.Properties.FirstOrDefault(p => string.Equals(p.Property, "mailfrom", StringComparison.OrdinalIgnoreCase))?.Value,
                Dkim =
                [
                    .. results.Results
                        .Where(r => string.Equals(r.Method, "dkim", StringComparison.OrdinalIgnoreCase))
                        .Select(r => (r.Result, Domain: r.Properties.FirstOrDefault(p => string.Equals(p.Property, "d", StringComparison.OrdinalIgnoreCase))?.Value))
                        .Where(r => r.Domain is not null && r.Result is not null)
                        .Select(r => new DkimResult(r.Domain!.ToLowerInvariant(), r.Result!.ToLowerInvariant())),
                ],
            };
        }

        return MailAuthentication.None;
    }

    private static string? Field(InboundMailPost post, string name) =>
        post.Fields.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { } value
            ? Encoding.UTF8.GetString(value.ToMemory().Span)
            : null;

    private static string? FirstWord(string? value) =>
        value is null ? null : FirstWordPattern().Match(value) is { Success: true } m ? m.Value.ToLowerInvariant() : null;

    [GeneratedRegex(@"@(?<domain>[^\s:,{}@]+)\s*:\s*(?<result>[A-Za-z]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DkimEntry();

    [GeneratedRegex(@"[A-Za-z]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FirstWordPattern();
}
