namespace Support.Core.Email;

/// <summary>One DKIM signature's result as the receiving server reported it: the signing domain (<c>d=</c>) and pass, fail, none….</summary>
public sealed record DkimResult(string Domain, string Result);

/// <summary>
/// What the receiving server (SendGrid's MX) found when it checked the mail: the SPF result for the envelope sender
/// (<see cref="LoopHeaders.EnvelopeFrom"/>) and each DKIM signature's result. Facts only; <see cref="SenderAuthentication"/> judges them.
/// </summary>
public sealed record MailAuthentication
{
    public static MailAuthentication None { get; } = new();

    /// <summary>Lower-case: pass, fail, softfail, neutral, none, temperror, permerror; null when not reported.</summary>
    public string? Spf { get; init; }

    /// <summary>The envelope sender SPF was checked for, when the report names it; else the post's envelope sender counts.</summary>
    public string? SpfMailFrom { get; init; }

    public IReadOnlyList<DkimResult> Dkim { get; init; } = [];
}

/// <summary>Whether a mail counts as from its From address, and why (domains only, never an address).</summary>
public sealed record SenderVerdict(bool Passes, string Why)
{
    /// <summary>The timeline detail holding <c>pass</c> or <c>fail</c> on every message that came by mail.</summary>
    public const string Detail = "senderAuth";

    /// <summary>The timeline detail saying why.</summary>
    public const string WhyDetail = "senderAuthWhy";

    public string Word => Passes ? "pass" : "fail";

    public (string Key, string? Value)[] Details => [(Detail, Word), (WhyDetail, Why)];
}

/// <summary>
/// DMARC alignment, without DMARC's policy lookup: a mail counts as from its From address only when SPF passed for an
/// envelope sender whose domain is aligned with the From domain, or a DKIM signature whose <c>d=</c> is aligned
/// passed. Aligned means the same domain or one a subdomain of the other (<c>mail.example.com</c> and
/// <c>example.com</c>): relaxed alignment along the domain's own tree. Two siblings under a shared parent
/// (<c>a.example.com</c>, <c>b.example.com</c>) do not align, which is stricter than DMARC's organizational domain and
/// needs no public-suffix list, so <c>a.github.io</c> can never vouch for <c>b.github.io</c>.
/// </summary>
public static class SenderAuthentication
{
    public static SenderVerdict Judge(ParsedEmail email)
    {
        var from = DomainOf(email.From.Email);
        var auth = email.Authentication;
        if (from is null)
        {
            return new SenderVerdict(false, "the From address has no domain");
        }

        if (auth.Dkim.FirstOrDefault(d => d.Result == "pass" && Aligned(d.Domain, from)) is { } signature)
        {
            return new SenderVerdict(true, $"dkim pass for {signature.Domain}, aligned with {from}");
        }

        var envelope = DomainOf(auth.SpfMailFrom is { } mailFrom && mailFrom.Contains('@', StringComparison.Ordinal) ? mailFrom : email.LoopHeaders.EnvelopeFrom);
        if (auth.Spf == "pass" && envelope is not null && Aligned(envelope, from))
        {
            return new SenderVerdict(true, $"spf pass for {envelope}, aligned with {from}");
        }

        var spf = auth.Spf is null ? "spf not reported" : $"spf {auth.Spf} for {envelope ?? "no envelope sender"}";
        var dkim = auth.Dkim.Count == 0 ? "no dkim signature" : "dkim " + string.Join(", ", auth.Dkim.Select(d => $"{d.Result} for {d.Domain}"));
        return new SenderVerdict(false, $"neither aligned with {from}: {spf}; {dkim}");
    }

    public static bool Aligned(string domain, string fromDomain)
    {
        var a = domain.Trim().TrimEnd('.').ToLowerInvariant();
        var b = fromDomain.Trim().TrimEnd('.').ToLowerInvariant();
        if (a == b)
        {
            return a.Contains('.', StringComparison.Ordinal);
        }

        var (shorter, longer) = a.Length < b.Length ? (a, b) : (b, a);
        return shorter.Contains('.', StringComparison.Ordinal) && longer.EndsWith("." + shorter, StringComparison.Ordinal);
    }

    private static string? DomainOf(string? address)
    {
        var at = address?.LastIndexOf('@') ?? -1;
        var domain = at < 0 ? null : address![(at + 1)..].Trim().TrimEnd('>').ToLowerInvariant();
        return string.IsNullOrEmpty(domain) ? null : domain;
    }
}
