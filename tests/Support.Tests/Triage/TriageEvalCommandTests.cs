using System.Text.RegularExpressions;
using Support.Core.Triage.Evaluation;
using Xunit;

namespace Support.Tests.Triage;

public sealed partial class TriageEvalCommandTests : IDisposable
{
    private const string Outage = """{"id": "t-1", "channel": "web", "subject": "Portal down", "body": "Our production portal is down for everyone, every page gives a 503 error.", "declaredSeverity": null, "tier": "standard", "category": "technical", "severity": "S1"}""";
    private const string Question = """{"id": "t-2", "channel": "voice", "subject": "", "body": "hi how do i add a new user to our account", "declaredSeverity": null, "tier": "vip", "category": "question", "severity": "S3"}""";
    private const string Quote = """{"id": "t-3", "channel": "email", "subject": "Quote", "body": "Could you send a quote for the Enterprise plan?", "declaredSeverity": "S3", "tier": "standard", "category": "business", "severity": "S3"}""";

    private readonly string path = Path.Combine(Path.GetTempPath(), $"labelled-{Guid.NewGuid():N}.jsonl");
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();

    public void Dispose()
    {
        File.Delete(path);
        stdout.Dispose();
        stderr.Dispose();
    }

    private int Run(params string[] lines)
    {
        File.WriteAllLines(path, lines);
        return TriageEvalCommand.Run([path], stdout, stderr);
    }

    [Fact]
    public void Prints_matrices_per_class_figures_and_the_summary_as_the_last_line()
    {
        var exit = Run(Outage, "", Question, Quote);

        Assert.Equal(0, exit);
        var output = stdout.ToString();
        Assert.Contains("category confusion matrix", output, StringComparison.Ordinal);
        Assert.Contains("severity confusion matrix", output, StringComparison.Ordinal);
        Assert.Contains("precision", output, StringComparison.Ordinal);
        var last = output.TrimEnd().Split('\n')[^1].TrimEnd('\r');
        Assert.Matches(SummaryLine(), last);
        Assert.EndsWith("s1_recall=1.000 s1_precision=1.000 severity_accuracy=1.000 n=3", last, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_row_fails_naming_its_line()
    {
        var exit = Run(Outage, Question, """{"id": "t-9", "channel": "fax", "subject": "", "body": "x", "category": "question", "severity": "S3"}""");

        Assert.NotEqual(0, exit);
        Assert.Contains("line 3: unknown channel \"fax\"", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_that_is_not_json_fails_naming_its_line()
    {
        var exit = Run(Outage, "not json");

        Assert.NotEqual(0, exit);
        Assert.Contains("line 2:", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_label_fails()
    {
        var exit = Run(Outage.Replace("\"S1\"", "\"P1\"", StringComparison.Ordinal));

        Assert.NotEqual(0, exit);
        Assert.Contains("line 1: unknown severity \"P1\"", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_file_fails()
    {
        var exit = TriageEvalCommand.Run([path + ".missing"], stdout, stderr);

        Assert.NotEqual(0, exit);
        Assert.Contains("cannot read", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_file_argument_it_prints_usage()
    {
        Assert.Equal(TriageEvalCommand.Usage, TriageEvalCommand.Run([], stdout, stderr));
        Assert.Contains("usage: triage-eval", stderr.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^category_macro_f1=\d\.\d{3} s1_recall=\d\.\d{3} s1_precision=\d\.\d{3} severity_accuracy=\d\.\d{3} n=\d+$")]
    private static partial Regex SummaryLine();
}
