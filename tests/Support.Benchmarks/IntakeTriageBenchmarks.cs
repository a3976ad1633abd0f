using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Support.Adapters.Email;
using Support.Core.Domain;
using Support.Core.Email;
using Support.Core.Intake;
using Support.Core.Ports;
using Support.Core.Triage;
using Support.Core.Triage.Policy;

namespace Support.Benchmarks;

/// <summary>
/// What one inquiry costs in CPU and memory before any storage: normalization (the email parser or
/// the web form rules) and triage with the shipped policy. <c>-- --filter *IntakeTriage*</c>.
/// </summary>
[MemoryDiagnoser]
public class IntakeTriageBenchmarks
{
    private const string RawEmail =
        "Return-Path: <grace@customer.example>\r\n" +
        "Received: from mail.customer.example (mail.customer.example [203.0.113.7]) by mx.sendgrid.net; Tue, 10 Mar 2026 09:58:01 +0000\r\n" +
        "DKIM-Signature: v=1; a=rsa-sha256; d=customer.example; s=sel; h=from:to:subject:date; bh=abc=; b=def=\r\n" +
        "From: \"Grace Hopper\" <grace@customer.example>\r\n" +
        "To: support@example.com\r\n" +
        "Subject: Re: [SUP-7K3Q9F] Export to CSV fails with error 500\r\n" +
        "Date: Tue, 10 Mar 2026 09:58:00 +0000\r\n" +
        "Message-ID: <CAF=abc123@mail.customer.example>\r\n" +
        "In-Reply-To: <SUP-7K3Q9F.ack@support.example.com>\r\n" +
        "References: <SUP-7K3Q9F.ack@support.example.com>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: multipart/alternative; boundary=\"000000000000b1\"\r\n" +
        "\r\n" +
        "--000000000000b1\r\n" +
        "Content-Type: text/plain; charset=\"UTF-8\"\r\n" +
        "Content-Transfer-Encoding: quoted-printable\r\n" +
        "\r\n" +
        "Hi team,\r\n\r\nthe export still fails with error 500 since this morning's update. The whole finance team=\r\n is blocked and we need the report for our month-end close today.\r\n\r\nThanks,\r\nGrace\r\n\r\n" +
        "On Tue, 10 Mar 2026 at 08:00, Support <support@example.com> wrote:\r\n> Thank you for contacting Support. We have received your request.\r\n> To add anything, reply to this email.\r\n" +
        "--000000000000b1\r\n" +
        "Content-Type: text/html; charset=\"UTF-8\"\r\n" +
        "\r\n" +
        "<div dir=\"ltr\"><p>Hi team,</p><p>the export still fails with error 500 since this morning's update. The whole finance team is blocked and we need the report for our month-end close today.</p><p>Thanks,<br>Grace</p></div>\r\n" +
        "--000000000000b1--\r\n";

    private readonly SendGridInboundParser _parser = new(Options.Create(new EmailIntakeOptions()));
    private readonly PolicyTriageEngine _triage = new(TriagePolicyLoader.Load(new TriageOptions()));
    private readonly DateTimeOffset _now = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);
    private InboundMailPost _email = null!;
    private WebFormSubmission _form = null!;

    [GlobalSetup]
    public void Setup()
    {
        _email = new InboundMailPost(
            new Dictionary<string, BinaryData>
            {
                ["email"] = BinaryData.FromBytes(Encoding.UTF8.GetBytes(RawEmail)),
                ["envelope"] = BinaryData.FromString("""{"to":["support@example.com"],"from":"grace@customer.example"}"""),
            },
            []);
        _form = new WebFormSubmission
        {
            Name = "Ada Lovelace",
            Email = "ada@customer.example",
            Subject = "Cannot log in since the update",
            Message = "After this morning's update the login page shows error 500 for our whole team.\r\nWe tried two browsers and cleared the cache; it still fails. Could you look into it?",
            Phone = "+44 20 7946 0958",
            Product = "Portal",
        };
    }

    [Benchmark]
    public TriageResult Email()
    {
        var parsed = _parser.Parse(_email).Email ?? throw new InvalidOperationException("The benchmark mail does not parse.");
        return _triage.Classify(new TriageInput(Channel.Email, parsed.Subject, parsed.NewText, null, parsed.From.Email, new Dictionary<string, string>()));
    }

    [Benchmark]
    public TriageResult WebForm()
    {
        var submission = WebFormRules.Validate(_form, null, "GB", _now).Submission ?? throw new InvalidOperationException("The benchmark form is invalid.");
        return _triage.Classify(new TriageInput(Channel.Web, submission.Subject, submission.Body, submission.DeclaredSeverity, submission.Requester.Email, submission.Attributes));
    }
}
